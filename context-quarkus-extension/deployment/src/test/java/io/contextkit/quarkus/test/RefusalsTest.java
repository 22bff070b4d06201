package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.internal.RefusalLog;
import io.contextkit.quarkus.test.devui.PingResource;
import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every refusal the Quarkus REST entry answers is visible: one WARN line with the request id, the
 * reason and the peer (nothing the caller wrote), the request id header on the response, and its
 * counter. Nobody is a trusted peer.
 */
class RefusalsTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(PingResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0");

  private JulLogCapture lines;

  @BeforeEach
  void capture() {
    lines = JulLogCapture.onLogger(RefusalLog.LOGGER);
  }

  private static long counter(Counter counter) {
    return ContextKit.counters().get(counter);
  }

  @Test
  void aMalformedRequestTypeIsRefusedWithOneLineAndTheRequestId() {
    long refused = counter(Counter.TRACE_REFUSED_MALFORMED);

    Response response = given().header("baggage", "request_type=BOGUS").get("/ping");

    assertThat(response.statusCode()).isEqualTo(400);
    String requestId = response.header("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=400 reason=malformed-request-type request_id="
                + requestId
                + " peer=127.0.0.1");
    assertThat(lines.lines().size()).isEqualTo(1);
    assertThat(counter(Counter.TRACE_REFUSED_MALFORMED)).isEqualTo(refused + 1);
  }

  @Test
  void anUntrustedTraceAskIsRefusedWithOneLineAndTheRequestId() {
    long refused = counter(Counter.TRACE_REFUSED_UNTRUSTED);

    Response response =
        given()
            .header("baggage", "request_type=TRACE")
            .header("X-Request-Id", "from-caller")
            .get("/ping");

    assertThat(response.statusCode()).isEqualTo(403);
    String requestId = response.header("X-Request-Id");
    assertThat(requestId).isNotBlank().isNotEqualTo("from-caller");
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=403 reason=untrusted-trace request_id="
                + requestId
                // quarkus-security is on this module's test class path: the role is named.
                + " peer=127.0.0.1 expected_authority=CONTEXTKIT_TRACE|ROLE_CONTEXTKIT_TRACE");
    assertThat(counter(Counter.TRACE_REFUSED_UNTRUSTED)).isEqualTo(refused + 1);
  }

  @Test
  void anAcceptedRequestWritesNoRefusalLine() {
    assertThat(given().get("/ping").statusCode()).isEqualTo(200);
    assertThat(lines.lines().size()).isZero();
  }
}
