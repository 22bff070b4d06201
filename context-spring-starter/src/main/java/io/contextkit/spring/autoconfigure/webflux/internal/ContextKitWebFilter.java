package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.TraceActivation;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spring.autoconfigure.internal.ActiveSpans;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive request-entry filter: takes the request's context (extracted by {@link
 * ContextKitHttpHandler} when it wraps the server, else extracted here), answers the request id
 * header, refuses a malformed {@code request_type} with 400, records the context as an exchange
 * attribute for the identity filter, and puts it into the Reactor context of the rest of the chain
 * under {@value RequestContextThreadLocalAccessor#KEY}. It binds nothing on the event-loop thread
 * itself: the thread-local view is Micrometer context propagation's job, which restores it from
 * that same key.
 *
 * <p>A TRACE ask from an untrusted hop is not decided here: {@link ContextKitIdentityWebFilter},
 * after authentication, accepts it for a caller holding the TRACE permission and refuses it with
 * 403 otherwise. Until then the context is STANDARD.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitWebFilter implements WebFilter, Ordered {

  private final ContextPropagator propagator;
  private final String requestIdHeader;
  private final ReactiveServerSpans serverSpans;

  /**
   * @param serverSpans the server span a tracer opened for the exchange: when there is one, the
   *     request's context takes its trace id, span id and flags, and the span the context's fields
   */
  public ContextKitWebFilter(
      ContextPropagator propagator, String requestIdHeader, ReactiveServerSpans serverSpans) {
    this.propagator = propagator;
    this.requestIdHeader = requestIdHeader;
    this.serverSpans = serverSpans;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return Mono.deferContextual(
        reactorContext -> {
          Object extracted = reactorContext.getOrDefault(ReactiveInbound.REACTOR_KEY, null);
          InboundContext inbound =
              extracted instanceof InboundContext outer
                  ? outer
                  : ReactiveInbound.extract(propagator, exchange.getRequest());
          return filter(exchange, chain, inbound);
        });
  }

  private Mono<Void> filter(
      ServerWebExchange exchange, WebFilterChain chain, InboundContext extracted) {
    // A tracer's server span (started by Spring before any filter) supplies the trace ids, so that
    // the context, the log lines and the span agree, as on the servlet side.
    InboundContext in = ActiveSpans.adopt(extracted, serverSpans.ids(exchange));
    serverSpans.annotate(exchange, in.context());
    ServerHttpResponse response = exchange.getResponse();
    String requestId = in.context().requestId();
    if (requestId != null) {
      response.getHeaders().set(requestIdHeader, requestId);
    }
    ReactiveInbound.set(exchange, in);
    if (in.traceActivation() == TraceActivation.MALFORMED) {
      return ReactiveInbound.refuse(
          exchange, Refusal.MALFORMED_REQUEST_TYPE, "Invalid request_type");
    }
    return chain
        .filter(exchange)
        .contextWrite(
            reactorContext ->
                reactorContext.put(RequestContextThreadLocalAccessor.KEY, in.context()));
  }
}
