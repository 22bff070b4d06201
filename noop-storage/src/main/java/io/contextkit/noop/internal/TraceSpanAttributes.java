package io.contextkit.noop.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a TRACE report's attributes ({@link io.contextkit.noop.TraceReport#attributes()}, plus
 * whatever a framework adds, such as where a consumed message came from) onto a span, the one
 * mapping the Spring starter and the Quarkus extension share so that a report looks the same on the
 * spans of both.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TraceSpanAttributes {

  private TraceSpanAttributes() {}

  /**
   * Sets every entry of {@code attributes} on {@code span}, in map order, when the span is
   * recording; does nothing otherwise. A {@link Long} becomes a long attribute, a {@link List} a
   * string-array attribute (each element by {@link String#valueOf}), anything else a string
   * attribute ({@link String#valueOf}). Entries already on the span under the same key are
   * replaced, as {@link Span#setAttribute} does.
   */
  public static void put(Span span, Map<String, ?> attributes) {
    if (!span.isRecording()) {
      return;
    }
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      Object value = e.getValue();
      if (value instanceof Long n) {
        span.setAttribute(e.getKey(), n);
      } else if (value instanceof List<?> list) {
        List<String> lines = new ArrayList<>(list.size());
        for (Object line : list) {
          lines.add(String.valueOf(line));
        }
        span.setAttribute(AttributeKey.stringArrayKey(e.getKey()), lines);
      } else {
        span.setAttribute(e.getKey(), String.valueOf(value));
      }
    }
  }
}
