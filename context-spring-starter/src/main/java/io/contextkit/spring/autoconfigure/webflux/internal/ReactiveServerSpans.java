package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.RequestContext;
import io.opentelemetry.api.trace.SpanContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The server span a tracer opened for a reactive exchange, if any: its ids, which the request's
 * context adopts, and its attributes, which receive the context's fields. {@link #NONE} when no
 * tracer is on the class path.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public interface ReactiveServerSpans {

  /** No tracer: no span, nothing to annotate. */
  ReactiveServerSpans NONE =
      new ReactiveServerSpans() {
        @Override
        public SpanContext ids(ServerWebExchange exchange) {
          return SpanContext.getInvalid();
        }

        @Override
        public void annotate(ServerWebExchange exchange, RequestContext context) {}
      };

  /** The ids of the exchange's server span, or {@link SpanContext#getInvalid()}. */
  SpanContext ids(ServerWebExchange exchange);

  /**
   * Writes {@code context}'s fields (not the trace ids, which are the span's own) as attributes of
   * the exchange's server span; does nothing without one.
   */
  void annotate(ServerWebExchange exchange, RequestContext context);
}
