package io.contextkit.spring.autoconfigure.webflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TracePolicy;
import io.contextkit.noop.UnguardedChannels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive TRACE filter is where a WebFlux application asks the TRACE policy: once per TRACE
 * request, never for a STANDARD one; a refusal is a 503 with the policy's text that never reaches
 * the chain.
 */
class TraceWebFilterTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static final EffectChannel UNGUARDED_CACHE =
      EffectChannel.unguarded(Kind.CACHE, "cacheManager", "no TRACE guard for caches");

  private final AtomicInteger reached = new AtomicInteger();
  private final WebFilterChain chain =
      exchange -> Mono.fromRunnable(reached::incrementAndGet).then();

  private static TracePolicy policy(boolean enabled, UnguardedChannels onUnguarded) {
    return TracePolicy.of(
        enabled,
        onUnguarded,
        EffectChannelInventory.create(
            List.of(UNGUARDED_CACHE), Map.of(), EffectChannelInventory.Keys.spring()));
  }

  private static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/items"));
  }

  /**
   * Runs the filter with {@code context} in the Reactor context, as the identity filter leaves it.
   */
  private void run(Supplier<TracePolicy> policy, MockServerWebExchange exchange, RequestType type) {
    RequestContext context = RequestContext.builder().requestId("r-1").requestType(type).build();
    new TraceWebFilter(policy, -89)
        .filter(exchange, chain)
        .contextWrite(c -> c.put(RequestContextThreadLocalAccessor.KEY, context))
        .block(WAIT);
  }

  @Test
  void traceRefusedByThePolicyIs503NamingTheChannelAndNeverReachesTheChain() {
    MockServerWebExchange exchange = exchange();
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);

    run(() -> policy(true, UnguardedChannels.REFUSE), exchange, RequestType.TRACE);

    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
    assertThat(exchange.getResponse().getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
    assertThat(exchange.getResponse().getBodyAsString().block(WAIT))
        .contains("cache cacheManager (no TRACE guard for caches)")
        .contains("contextkit.trace.safe-channels.cache.cacheManager=<reason>");
    assertThat(reached).hasValue(0);
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused + 1);
  }

  @Test
  void theKillSwitchRefusesWithItsOwnText() {
    MockServerWebExchange exchange = exchange();

    run(() -> policy(false, UnguardedChannels.REFUSE), exchange, RequestType.TRACE);

    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
    assertThat(exchange.getResponse().getBodyAsString().block(WAIT))
        .isEqualTo(TracePolicy.DISABLED);
    assertThat(reached).hasValue(0);
  }

  @Test
  void underWarnTheTraceRequestRunsAndIsCountedOnce() {
    MockServerWebExchange exchange = exchange();
    long served = ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED);

    run(() -> policy(true, UnguardedChannels.WARN), exchange, RequestType.TRACE);

    assertThat(reached).hasValue(1);
    assertThat(ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED)).isEqualTo(served + 1);
  }

  @Test
  void standardRequestsNeverAskThePolicy() {
    run(
        () -> {
          throw new AssertionError("asked for a STANDARD request");
        },
        exchange(),
        RequestType.STANDARD);

    assertThat(reached).hasValue(1);
  }

  @Test
  void aTraceRequestBeforeTheInventoryIsBuiltIsRefused() {
    MockServerWebExchange exchange = exchange();

    run(() -> TracePolicy.starting(true), exchange, RequestType.TRACE);

    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
    assertThat(exchange.getResponse().getBodyAsString().block(WAIT)).contains("still starting");
    assertThat(reached).hasValue(0);
  }
}
