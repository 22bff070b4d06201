/**
 * The orders sample service: places orders through JPA, the inventory service, a payment provider
 * and Kafka, with ContextKit carrying the request context, TRACE requests and the pricing flag.
 */
@NullMarked
package com.example.orders;

import org.jspecify.annotations.NullMarked;
