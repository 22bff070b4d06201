/** Outbound context for RestClient, RestTemplate and the JDK HttpClient. */
@NullMarked
package io.contextkit.spring.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
