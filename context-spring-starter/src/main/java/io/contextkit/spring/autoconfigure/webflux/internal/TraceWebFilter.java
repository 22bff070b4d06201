package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.noop.TracePolicy;
import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The TRACE end of a reactive request, right after the identity filter (which settles TRACE
 * activation): the reactive twin of the servlet {@code TraceResponseFilter}.
 *
 * <ul>
 *   <li>a TRACE request that the {@link TracePolicy} refuses — TRACE switched off, or an effect
 *       channel neither guarded nor declared safe ({@code contextkit.trace.unguarded-channels}) —
 *       is answered 503 with the policy's text before any application code runs ({@code
 *       ReactiveInbound.refuse}: counted and logged once). This filter is the one place of a
 *       reactive application where the policy is asked, once per TRACE request (under {@code warn},
 *       the policy counts the requests it lets through);
 *   <li>otherwise the response {@link TraceHttpHandler} holds for the request is marked TRACE, so
 *       that once the exchange has ended it carries {@code Trace-Applied}, {@code Cache-Control:
 *       no-store} and the {@code Trace-Report} summary, becomes a 5xx on a violation or a failed
 *       rollback, and the complete report is published once ({@link TraceHeldResponse}).
 * </ul>
 *
 * <p>STANDARD requests pass through untouched. Without {@link TraceHttpHandler} around the server
 * (a hand-built {@code HttpHandler}), the filter holds the response of the chain itself: errors
 * that escape the chain then reach the exception handlers with the TRACE headers set but without
 * the violation rules.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TraceWebFilter implements WebFilter, Ordered {

  private final Supplier<TracePolicy> policy;
  private final int order;

  /**
   * @param policy decides whether a TRACE request may run, asked once per TRACE request; it refuses
   *     every TRACE request until the application's effect channels are known
   * @param order the filter's order, after the identity filter
   */
  public TraceWebFilter(Supplier<TracePolicy> policy, int order) {
    this.policy = policy;
    this.order = order;
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return Mono.deferContextual(
        view -> {
          RequestContext context =
              context(view.getOrDefault(RequestContextThreadLocalAccessor.KEY, null), exchange);
          if (!context.isTrace()) {
            return chain.filter(exchange);
          }
          TracePolicy decided = policy.get();
          String refusal = decided.refusal();
          if (refusal != null) {
            return ReactiveInbound.refuse(exchange, decided.refusalKind(), refusal);
          }
          Object held = view.getOrDefault(TraceHeldResponse.REACTOR_KEY, null);
          if (held instanceof TraceHeldResponse response) {
            response.trace(context);
            return chain.filter(exchange);
          }
          return holdHere(exchange, chain, context);
        });
  }

  private static RequestContext context(Object fromReactor, ServerWebExchange exchange) {
    if (fromReactor instanceof RequestContext context) {
      return context;
    }
    InboundContext inbound = ReactiveInbound.get(exchange);
    return inbound == null ? RequestContext.empty() : inbound.context();
  }

  private static Mono<Void> holdHere(
      ServerWebExchange exchange, WebFilterChain chain, RequestContext context) {
    TraceHeldResponse held =
        new TraceHeldResponse(
            exchange.getResponse(), HttpMethod.HEAD.equals(exchange.getRequest().getMethod()));
    held.trace(context);
    return chain
        .filter(exchange.mutate().response(held).build())
        .onErrorResume(e -> held.releaseHeadersOnly().then(Mono.error(e)))
        .then(Mono.defer(held::release))
        .doOnCancel(held::discard);
  }
}
