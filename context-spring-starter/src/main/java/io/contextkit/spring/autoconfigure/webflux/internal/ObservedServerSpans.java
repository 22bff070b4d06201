package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.internal.ActiveSpans;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The server spans of Micrometer Tracing: Spring's {@code HttpWebHandlerAdapter} starts the
 * request's observation before any {@code WebFilter} runs and keeps its context as an exchange
 * attribute, and the tracing handler keeps the span in that context. Reads only Micrometer
 * Tracing's API, so it works with either bridge (OpenTelemetry or Brave). The ids are invalid when
 * the exchange is not observed, the observation has no span (no tracer, or a no-op one) or the ids
 * are not W3C ids (Brave with 64-bit trace ids).
 *
 * <p>Loaded only when Micrometer Tracing is on the class path.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ObservedServerSpans implements ReactiveServerSpans {

  @Override
  public SpanContext ids(ServerWebExchange exchange) {
    Span span = span(exchange);
    if (span == null) {
      return SpanContext.getInvalid();
    }
    TraceContext ids = span.context();
    // SpanContext.create validates the ids and answers an invalid context for anything else.
    return SpanContext.create(
        ids.traceId(),
        ids.spanId(),
        Boolean.TRUE.equals(ids.sampled()) ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  @Override
  public void annotate(ServerWebExchange exchange, RequestContext context) {
    Span span = span(exchange);
    if (span != null) {
      ActiveSpans.forEachAttribute(context, span::tag);
    }
  }

  private static @Nullable Span span(ServerWebExchange exchange) {
    ServerRequestObservationContext observation =
        ServerRequestObservationContext.findCurrent(exchange.getAttributes()).orElse(null);
    if (observation == null) {
      return null;
    }
    TracingObservationHandler.TracingContext tracing =
        observation.get(TracingObservationHandler.TracingContext.class);
    Span span = tracing == null ? null : tracing.getSpan();
    return span == null || span.isNoop() ? null : span;
  }
}
