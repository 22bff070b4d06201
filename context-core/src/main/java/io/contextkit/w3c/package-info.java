/**
 * Framework-neutral codec for the W3C {@code traceparent}, {@code tracestate} and {@code baggage}
 * headers and {@code X-Request-Id}, reused by every transport through {@link
 * io.contextkit.w3c.HeaderGetter} and {@link io.contextkit.w3c.HeaderSetter}.
 *
 * <p>Parsers never throw for bad input: they return {@code null} or an empty value and, for
 * baggage, count what they dropped. Factories and mutators used by our own code fail fast with
 * {@link java.lang.IllegalArgumentException} naming the bad argument.
 */
@NullMarked
package io.contextkit.w3c;

import org.jspecify.annotations.NullMarked;
