/**
 * The TRACE latency benchmark: the spring-orders sample's {@code POST /orders} as TRACE against
 * STANDARD, with an embedded KRaft broker and HTTP stubs for its collaborators.
 */
@NullMarked
package io.contextkit.benchmarks.http.trace;

import org.jspecify.annotations.NullMarked;
