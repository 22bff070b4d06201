package io.contextkit.w3c;

import java.util.Collections;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * Reads header values from a transport-specific carrier (an HTTP request, Kafka record headers, JMS
 * message properties...), so that one codec serves every transport.
 *
 * <p>Implementations must match {@code name} case-insensitively, as HTTP does, and must be
 * stateless or thread-safe; the codec calls them from any thread.
 *
 * @param <C> the carrier type
 */
public interface HeaderGetter<C> {

  /**
   * Returns the first value of the header, or {@code null} when the carrier has none.
   *
   * @param carrier the carrier to read
   * @param name the header name, matched case-insensitively
   * @return the raw value, untrimmed, or {@code null}
   */
  @Nullable String get(C carrier, String name);

  /**
   * Returns every value of a header that may be repeated, in the order received. The default
   * returns at most the single value of {@link #get}; carriers that can hold repeated headers
   * should override it, because duplicate {@code traceparent} headers must make the trace restart
   * and repeated {@code tracestate}/{@code baggage} headers must be combined.
   *
   * @param carrier the carrier to read
   * @param name the header name, matched case-insensitively
   * @return the raw values, possibly empty, never {@code null}
   */
  default Iterator<String> getAll(C carrier, String name) {
    String value = get(carrier, name);
    return value == null
        ? Collections.emptyIterator()
        : Collections.singletonList(value).iterator();
  }
}
