/**
 * The inventory sample: reservations over HTTP, {@code order-created} from Kafka, and a call back
 * to the orders service, all under one ContextKit request context.
 */
@NullMarked
package io.contextkit.sample.inventory;

import org.jspecify.annotations.NullMarked;
