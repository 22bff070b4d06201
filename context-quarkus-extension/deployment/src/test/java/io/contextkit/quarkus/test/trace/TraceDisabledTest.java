package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.internal.RefusalLog;
import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
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

  @Test
  void refusesTraceWithoutRunningItAndServesStandard() {
    int before = CountingResource.CALLS.get();
    long refused = counter(Counter.TRACE_REFUSED_DISABLED);
    long served = served();

    JulLogCapture lines = JulLogCapture.onLogger(RefusalLog.LOGGER);
    Response trace = given().header("baggage", "request_type=TRACE").post("/count");
    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.header("Cache-Control")).isEqualTo("no-store");
    // Visible: the request id on the response and one line with it.
    String requestId = trace.header("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=503 reason=trace-disabled request_id="
                + requestId
                + " peer=127.0.0.1");
    assertThat(CountingResource.CALLS.get()).isEqualTo(before);
    // What the Dev UI card's counters page shows.
    assertThat(counter(Counter.TRACE_REFUSED_DISABLED)).isEqualTo(refused + 1);
    assertThat(served()).isEqualTo(served);

    Response standard = given().post("/count");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(CountingResource.CALLS.get()).isEqualTo(before + 1);
  }

  private static long served() {
    return counter(Counter.TRACE_SERVED);
  }

  private static long counter(Counter counter) {
    return ContextKit.counters().get(counter);
  }
}
