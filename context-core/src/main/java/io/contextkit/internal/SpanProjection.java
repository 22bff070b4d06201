package io.contextkit.internal;

import io.contextkit.ContextField;
import io.contextkit.RequestContext;
import io.contextkit.spi.ContextProjection;
import io.opentelemetry.api.trace.Span;

/**
 * Writes the context fields as attributes of the active span when it is recording, under the
 * snake_case names (trace and parent ids are the span's own, so they are not repeated). Nothing
 * happens without an OpenTelemetry SDK: the API's current span is then never recording.
 */
public final class SpanProjection implements ContextProjection {

  private static final ContextField[] FIELDS = ContextField.values();

  @Override
  public void project(RequestContext next, RequestContext previous) {
    if (next.isEmpty()) {
      return;
    }
    Span span = Span.current();
    if (!span.isRecording()) {
      return;
    }
    for (ContextField field : FIELDS) {
      if (field == ContextField.TRACE_ID || field == ContextField.PARENT_ID) {
        continue;
      }
      String value = next.get(field);
      if (value != null) {
        span.setAttribute(field.key(), value);
      }
    }
  }

  @Override
  public void flagsChanged(RequestContext current) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.setAttribute(MdcProjection.FLAGS_KEY, current.flagsInEffect());
    }
  }
}
