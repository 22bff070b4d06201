package io.contextkit.spring.autoconfigure.internal;

import io.contextkit.ContextField;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.function.BiConsumer;

/**
 * Aligns a request's context with the server span a tracer opened after ContextKit extracted the
 * context. Micrometer Tracing (Spring's observation filter) starts the server span inside the
 * filter chain, behind ContextKit's entry filter, so the ids extracted at the entry cannot come
 * from it; a later stage calls {@link #adopt(InboundContext)} once the span is current, so that the
 * context, the log lines and the span agree, and the span receives the context's fields as
 * attributes when the adopted context is made current.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ActiveSpans {

  private ActiveSpans() {}

  /**
   * {@code inbound} with trace id, parent id and flags of the active, valid OpenTelemetry span, or
   * {@code inbound} itself when no such span is current or it already is this context's hop. The
   * result serves the same request (shares the journal); trust and TRACE activation are kept.
   */
  public static InboundContext adopt(InboundContext inbound) {
    return adopt(inbound, Span.current().getSpanContext());
  }

  /**
   * {@code inbound} with trace id, parent id and flags of {@code active}, or {@code inbound} itself
   * when {@code active} is invalid or already is this context's hop. For a span that is known but
   * not current (a reactive server span, kept by its observation).
   */
  public static InboundContext adopt(InboundContext inbound, SpanContext active) {
    RequestContext context = inbound.context();
    if (!active.isValid()
        || (active.getTraceId().equals(context.traceId())
            && active.getSpanId().equals(context.parentId()))) {
      return inbound;
    }
    RequestContext.Builder adopted = context.toBuilder().trace(active);
    if (active.getTraceId().equals(context.traceId())) {
      // Same trace: the tracestate the caller sent still belongs to it.
      adopted.traceState(context.traceState());
    }
    return new InboundContext(
        adopted.build(),
        inbound.trust(),
        inbound.remoteParent(),
        inbound.traceRestarted(),
        inbound.traceActivation(),
        inbound.otherBaggage());
  }

  /**
   * Writes the context's fields (not the trace ids, which are the span's own) as attributes of
   * {@code span} when it is recording, under the snake_case field names.
   */
  public static void annotate(Span span, RequestContext context) {
    if (span.isRecording()) {
      forEachAttribute(context, span::setAttribute);
    }
  }

  /**
   * Passes each field of {@code context} that a span should carry as an attribute — every set field
   * but the trace ids, which are the span's own — to {@code attribute} as snake_case name and
   * value.
   */
  public static void forEachAttribute(
      RequestContext context, BiConsumer<String, String> attribute) {
    for (ContextField field : ContextField.values()) {
      if (field == ContextField.TRACE_ID || field == ContextField.PARENT_ID) {
        continue;
      }
      String value = context.get(field);
      if (value != null) {
        attribute.accept(field.key(), value);
      }
    }
  }
}
