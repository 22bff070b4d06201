package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.internal.RefusalLog;
import io.contextkit.testsupport.LogbackCapture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Hooks;

/**
 * Every refusal WebFlux answers is visible: one WARN line with the request id, the reason and the
 * peer (nothing the caller wrote), the request id header on the response, and its counter. No
 * trusted peers: the caller is untrusted.
 */
@SpringBootTest(
    classes = WebFluxTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto",
      // A context of its own: the one WebFluxUntrustedCallerIT shares otherwise would come back
      // from the cache with automatic propagation switched off by the @AfterAll below.
      "spring.application.name=webflux-refusals"
    })
class WebFluxRefusalsIT {

  @LocalServerPort int port;

  private WebFluxCalls calls;
  private LogbackCapture lines;

  @BeforeEach
  void setUp() {
    calls = new WebFluxCalls(port);
    lines = LogbackCapture.attach(RefusalLog.LOGGER);
  }

  @AfterEach
  void release() {
    lines.close();
  }

  @AfterAll
  static void disableAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  @Test
  void aMalformedRequestTypeIsRefusedWithOneLineAndTheRequestId() {
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_MALFORMED);

    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=BOGUS");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    String requestId = response.getHeaders().getFirst("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=400 reason=malformed-request-type request_id="
                + requestId
                + " peer=127.0.0.1");
    assertThat(lines.lines().size()).isEqualTo(1);
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_MALFORMED)).isEqualTo(refused + 1);
  }

  @Test
  void anUntrustedTraceAskIsRefusedWithOneLineAndTheRequestId() {
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNTRUSTED);

    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(403);
    String requestId = response.getHeaders().getFirst("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=403 reason=untrusted-trace request_id="
                + requestId
                + " peer=127.0.0.1 expected_authority=CONTEXTKIT_TRACE|ROLE_CONTEXTKIT_TRACE");
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNTRUSTED)).isEqualTo(refused + 1);
  }

  @Test
  void anAcceptedRequestWritesNoRefusalLine() {
    ResponseEntity<Map<String, String>> response = calls.ctx();

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(lines.lines().size()).isZero();
  }
}
