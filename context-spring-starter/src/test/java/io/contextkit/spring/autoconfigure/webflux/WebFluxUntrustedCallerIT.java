package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Hooks;

/** No trusted peers: a caller's privileged fields are dropped and its TRACE request refused. */
@SpringBootTest(
    classes = WebFluxTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto"
    })
class WebFluxUntrustedCallerIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @LocalServerPort int port;

  private WebFluxCalls calls;

  @BeforeEach
  void client() {
    calls = new WebFluxCalls(port);
  }

  @AfterAll
  static void disableAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  @Test
  void untrustedBaggageNeverMakesTheCallerAdmin() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx(
            "baggage",
            "user_id=admin,account_id=root",
            "X-Request-Id",
            "forged-id",
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getHeaders().getFirst("X-Request-Id"))
        .isNotBlank()
        .isNotEqualTo("forged-id");
    Map<String, String> body = response.getBody();
    assertThat(body).isNotNull();
    for (String view : new String[] {"reactor", "thread_local", "after_hop"}) {
      assertThat(body)
          .as(view)
          .containsEntry(view + ".user_id", "")
          .containsEntry(view + ".account_id", "")
          .doesNotContainEntry(view + ".request_id", "forged-id")
          .doesNotContainEntry(view + ".trace_id", TRACE_ID)
          .containsEntry(view + ".request_id", response.getHeaders().getFirst("X-Request-Id"));
    }
  }

  @Test
  void untrustedTraceRequestIs403() {
    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(403);
    assertThat(response.getHeaders().getFirst("X-Request-Id")).isNotBlank();
  }

  @Test
  void malformedRequestTypeIs400() {
    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=trace!");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
  }
}
