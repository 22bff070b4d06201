package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.runtime.internal.TraceRequestCounters;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kill switch: with TRACE off, a TRACE request is refused with 503 and never runs. */
class TraceDisabledTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(CountingResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.enabled", "false");

  @Inject TraceRequestCounters traceCounters;

  @Test
  void refusesTraceWithoutRunningItAndServesStandard() {
    int before = CountingResource.CALLS.get();
    long refused = traceCounters.refusedDisabledCount();
    long served = traceCounters.servedCount();

    Response trace = given().header("baggage", "request_type=TRACE").post("/count");
    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.header("Cache-Control")).isEqualTo("no-store");
    assertThat(CountingResource.CALLS.get()).isEqualTo(before);
    // What the Dev UI card's counters page shows.
    assertThat(traceCounters.refusedDisabledCount()).isEqualTo(refused + 1);
    assertThat(traceCounters.servedCount()).isEqualTo(served);

    Response standard = given().post("/count");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(CountingResource.CALLS.get()).isEqualTo(before + 1);
  }
}
