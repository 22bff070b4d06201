package io.contextkit.quarkus.channels;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * quarkus-cache (Caffeine) under TRACE: a STANDARD request fills and invalidates the shared cache;
 * a TRACE request reads it, sees its own fills and invalidations within the request, and leaves the
 * shared cache as it was — for {@code @CacheResult}, {@code @CacheInvalidate},
 * {@code @CacheInvalidateAll} and the {@code Cache} / {@code CaffeineCache} API.
 */
class CacheTraceTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Inventory.class, CacheResource.class, PriceService.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject EffectChannels channels;

  private static Response post(String path, boolean trace) {
    return (trace ? given().header("baggage", "request_type=TRACE") : given()).post(path);
  }

  private static String shared(String id) {
    return given().get("/cache/shared/" + id).asString();
  }

  @Test
  void standardFillsTheSharedCacheAndTraceSeesItsOwnFillOnly() {
    String standard = post("/cache/price/std-1", false).asString();
    Response trace = post("/cache/price/trace-1", true);

    assertThat(standard).startsWith("std-1@");
    assertThat(shared("std-1")).isEqualTo(standard);
    // Both lookups of the TRACE request returned one value: the second read the request's fill.
    assertThat(trace.asString()).startsWith("trace-1@").doesNotStartWith("differ");
    assertThat(shared("trace-1")).isEqualTo("absent");
    assertThat(trace.header("Trace-Report")).contains("cache=1").contains("violations=0");
    // A later STANDARD request computes its own value: nothing of the TRACE request leaked.
    assertThat(post("/cache/price/trace-1", false).asString()).isNotEqualTo(trace.asString());
  }

  @Test
  void traceReadsSharedEntriesWithoutRecomputingThem() {
    String standard = post("/cache/price/shared-1", false).asString();
    Response trace = post("/cache/price/shared-1", true);

    assertThat(trace.asString()).isEqualTo(standard);
    assertThat(trace.header("Trace-Report")).contains("cache=0");
  }

  @Test
  void traceInvalidationStaysInTheRequest() {
    String standard = post("/cache/price/inv-1", false).asString();
    Response trace = post("/cache/forget/inv-1", true);
    Response traceAll = post("/cache/forget-all/inv-1", true);

    // Within the TRACE request the entry was gone, so it was computed again...
    assertThat(trace.asString()).startsWith("inv-1@").isNotEqualTo(standard);
    assertThat(traceAll.asString()).startsWith("inv-1@").isNotEqualTo(standard);
    assertThat(trace.header("Trace-Report")).contains("cache=2");
    // ...while the shared cache still holds the STANDARD value.
    assertThat(shared("inv-1")).isEqualTo(standard);
    // A STANDARD invalidation reaches the shared cache: its lookup after it refills it.
    String refilled = post("/cache/forget/inv-1", false).asString();
    assertThat(refilled).isNotEqualTo(standard);
    assertThat(shared("inv-1")).isEqualTo(refilled);
  }

  @Test
  void cacheApiFillsAndPutsOnlyForStandard() {
    assertThat(post("/cache/api/api-std", false).asString()).isEqualTo("api-std@api put");
    Response trace = post("/cache/api/api-trace", true);

    assertThat(shared("api-std")).isEqualTo("api-std@api");
    assertThat(shared("api-std-put")).isEqualTo("put");
    assertThat(trace.asString()).isEqualTo("api-trace@api put");
    assertThat(shared("api-trace")).isEqualTo("absent");
    assertThat(shared("api-trace-put")).isEqualTo("absent");
    assertThat(trace.header("Trace-Report")).contains("cache=2");
  }

  @Test
  void theCacheManagerIsAGuardedChannelSoTraceRuns() {
    EffectChannel cache = Inventory.channel(channels, Kind.CACHE, "quarkus-cache");
    assertThat(cache.status()).isEqualTo(Status.GUARDED);
    assertThat(Inventory.of(channels).unguarded()).isEmpty();
    assertThat(channels.policy().refusal()).isNull();
  }
}
