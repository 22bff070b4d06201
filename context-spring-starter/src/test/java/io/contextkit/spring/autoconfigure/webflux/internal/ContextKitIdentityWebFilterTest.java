package io.contextkit.spring.autoconfigure.webflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.Identity;
import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class ContextKitIdentityWebFilterTest {

  private static final Identity ALICE = new Identity("alice", "acme", false, "gold", false);
  private static final Identity TRACER = new Identity("tracer", "qa", true, null, true);

  private final AtomicReference<RequestContext> seen = new AtomicReference<>();
  private final WebFilterChain chain =
      exchange ->
          Mono.deferContextual(
              reactorContext -> {
                seen.set(reactorContext.get(RequestContextThreadLocalAccessor.KEY));
                return Mono.empty();
              });

  /** An exchange from an untrusted caller, as the entry filter leaves it. */
  private static MockServerWebExchange exchange(String... headers) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/ctx");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    ReactiveInbound.set(
        exchange, ReactiveInbound.extract(ContextPropagator.defaults(), exchange.getRequest()));
    return exchange;
  }

  private void run(
      Function<ServerWebExchange, Mono<Identity>> identities, ServerWebExchange exchange) {
    new ContextKitIdentityWebFilter(identities, -90)
        .filter(exchange, chain)
        .block(Duration.ofSeconds(5));
  }

  @Test
  void appliesTheCallersIdentityForTheRestOfTheChain() {
    MockServerWebExchange exchange = exchange("baggage", "user_id=admin");

    run(e -> Mono.just(ALICE), exchange);

    assertThat(seen.get().userId()).isEqualTo("alice");
    assertThat(seen.get().accountId()).isEqualTo("acme");
    assertThat(seen.get().license()).isEqualTo("gold");
    assertThat(ReactiveInbound.get(exchange).context()).isEqualTo(seen.get());
  }

  @Test
  void untrustedTraceAskWithoutPermissionIs403AndNeverReachesTheChain() {
    MockServerWebExchange exchange = exchange("baggage", "request_type=TRACE");

    run(e -> Mono.just(ALICE), exchange);

    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(403);
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("TRACE not permitted");
    assertThat(seen.get()).isNull();
  }

  @Test
  void anonymousTraceAskIs403() {
    MockServerWebExchange exchange = exchange("baggage", "request_type=TRACE");

    run(e -> Mono.empty(), exchange);

    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(403);
    assertThat(seen.get()).isNull();
  }

  @Test
  void traceAskOfACallerHoldingThePermissionRunsAsTrace() {
    MockServerWebExchange exchange = exchange("baggage", "request_type=TRACE");

    run(e -> Mono.just(TRACER), exchange);

    assertThat(exchange.getResponse().getStatusCode()).isNull();
    assertThat(seen.get().isTrace()).isTrue();
    assertThat(seen.get().tester()).isTrue();
  }

  @Test
  void failingResolverServesTheRequestAnonymously() {
    MockServerWebExchange exchange = exchange();

    run(e -> Mono.error(new IllegalStateException("resolver bug")), exchange);

    assertThat(seen.get().userId()).isNull();
    assertThat(seen.get().requestId()).isNotNull();
  }

  @Test
  void throwingResolverServesTheRequestAnonymously() {
    MockServerWebExchange exchange = exchange();

    run(
        e -> {
          throw new IllegalStateException("resolver bug");
        },
        exchange);

    assertThat(seen.get().userId()).isNull();
  }

  @Test
  void passesThroughWhenNoEntryFilterRan() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
    AtomicReference<Boolean> called = new AtomicReference<>(false);

    new ContextKitIdentityWebFilter(e -> Mono.just(ALICE), -90)
        .filter(
            exchange,
            e -> {
              called.set(true);
              return Mono.empty();
            })
        .block(Duration.ofSeconds(5));

    assertThat(called.get()).isTrue();
  }
}
