package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.internal.RefusalLog;
import io.contextkit.testsupport.LogbackCapture;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every refusal Spring MVC answers is visible: one WARN line with the request id, the reason and
 * the peer (nothing the caller wrote), the request id header on the response, and its counter. The
 * caller, 127.0.0.1, is not a trusted peer.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusalsIT {

  @LocalServerPort int port;

  private LogbackCapture lines;

  @BeforeEach
  void capture() {
    lines = LogbackCapture.attach(RefusalLog.LOGGER);
  }

  @AfterEach
  void release() {
    lines.close();
  }

  @Test
  void aMalformedRequestTypeIsRefusedWithOneLineAndTheRequestId() throws Exception {
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_MALFORMED);

    HttpResponse<String> response = Http.get(port, "/async", "baggage", "request_type=BOGUS");

    assertThat(response.statusCode()).isEqualTo(400);
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=400 reason=malformed-request-type request_id="
                + requestId
                + " peer=127.0.0.1");
    assertThat(lines.lines().size()).isEqualTo(1);
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_MALFORMED)).isEqualTo(refused + 1);
  }

  @Test
  void anUntrustedTraceAskIsRefusedWithOneLineAndTheRequestId() throws Exception {
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNTRUSTED);

    HttpResponse<String> response =
        Http.get(port, "/async", "baggage", "request_type=TRACE", "X-Request-Id", "from-caller");

    assertThat(response.statusCode()).isEqualTo(403);
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    // An untrusted caller's request id is not taken, and not echoed into the log either.
    assertThat(requestId).isNotEqualTo("from-caller");
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=403 reason=untrusted-trace request_id="
                + requestId
                + " peer=127.0.0.1 expected_authority=CONTEXTKIT_TRACE|ROLE_CONTEXTKIT_TRACE");
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNTRUSTED)).isEqualTo(refused + 1);
  }

  @Test
  void anAcceptedRequestWritesNoRefusalLine() throws Exception {
    HttpResponse<String> response = Http.get(port, "/async");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lines.lines().size()).isZero();
  }
}
