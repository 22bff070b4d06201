package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.Identity;
import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.TraceActivation;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs after authentication (after Spring Security's {@code WebFilterChainProxy} when it is
 * present): applies the caller's {@link Identity} to the request's inbound context, refuses an
 * untrusted TRACE ask with 403 unless the caller holds the TRACE permission, and writes the derived
 * context into the Reactor context of the rest of the chain. The reactive twin of the servlet
 * identity filter; both feed the same {@code IdentityResolver}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitIdentityWebFilter implements WebFilter, Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(ContextKitIdentityWebFilter.class);

  private final Function<ServerWebExchange, Mono<Identity>> identities;
  private final int order;
  private final ReactiveServerSpans serverSpans;
  private final List<String> traceAuthorities;

  /**
   * @param identities the identity of the exchange's caller; empty for an anonymous caller
   * @param order the filter's order, after authentication
   */
  public ContextKitIdentityWebFilter(
      Function<ServerWebExchange, Mono<Identity>> identities, int order) {
    this(identities, order, ReactiveServerSpans.NONE);
  }

  /**
   * @param identities the identity of the exchange's caller; empty for an anonymous caller
   * @param order the filter's order, after authentication
   * @param serverSpans the tracer's server span of the exchange, which receives the caller's fields
   */
  public ContextKitIdentityWebFilter(
      Function<ServerWebExchange, Mono<Identity>> identities,
      int order,
      ReactiveServerSpans serverSpans) {
    this(identities, order, serverSpans, List.of());
  }

  /**
   * @param identities the identity of the exchange's caller; empty for an anonymous caller
   * @param order the filter's order, after authentication
   * @param serverSpans the tracer's server span of the exchange, which receives the caller's fields
   * @param traceAuthorities the authorities that would permit a TRACE request, named in the refusal
   *     line of one refused for a missing permission; empty when unknown
   */
  public ContextKitIdentityWebFilter(
      Function<ServerWebExchange, Mono<Identity>> identities,
      int order,
      ReactiveServerSpans serverSpans,
      List<String> traceAuthorities) {
    this.identities = identities;
    this.order = order;
    this.serverSpans = serverSpans;
    this.traceAuthorities = List.copyOf(traceAuthorities);
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    InboundContext inbound = ReactiveInbound.get(exchange);
    if (inbound == null) {
      return chain.filter(exchange);
    }
    return Mono.defer(() -> identities.apply(exchange))
        .onErrorResume(
            RuntimeException.class,
            e -> {
              // A resolver bug must not turn into a 5xx or a privilege: serve anonymously.
              LOG.warn("Identity resolver failed; continuing without identity", e);
              return Mono.empty();
            })
        .defaultIfEmpty(Identity.anonymous())
        .flatMap(identity -> filter(exchange, chain, inbound.withIdentity(identity)));
  }

  private Mono<Void> filter(
      ServerWebExchange exchange, WebFilterChain chain, InboundContext derived) {
    if (derived.traceActivation() == TraceActivation.UNTRUSTED) {
      // The exchange still holds the entry filter's context: same request id, same peer.
      return ReactiveInbound.refuse(
          exchange, Refusal.UNTRUSTED_TRACE, "TRACE not permitted", traceAuthorities);
    }
    ReactiveInbound.set(exchange, derived);
    serverSpans.annotate(exchange, derived.context());
    return chain
        .filter(exchange)
        .contextWrite(
            reactorContext ->
                reactorContext.put(RequestContextThreadLocalAccessor.KEY, derived.context()));
  }
}
