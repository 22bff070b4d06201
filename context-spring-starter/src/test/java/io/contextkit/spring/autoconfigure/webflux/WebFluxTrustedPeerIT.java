package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Hooks;

/**
 * A context sent by a trusted peer (127.0.0.1) reaches a WebFlux handler on Reactor Netty, both
 * through the Reactor context and — with automatic context propagation — through {@code
 * RequestContext.current()}, and requests served in turn by the one event-loop thread never see
 * each other's context.
 */
@SpringBootTest(
    classes = WebFluxTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto",
      "contextkit.trust.trusted-peers=127.0.0.1,::1"
    })
class WebFluxTrustedPeerIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @LocalServerPort int port;

  private WebFluxCalls calls;

  @BeforeEach
  void client() {
    calls = new WebFluxCalls(port);
  }

  // The hook is JVM-global; later test classes must not inherit it.
  @AfterAll
  static void disableAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  @Test
  void trustedContextIsVisibleThroughReactorContextAndRequestContextCurrent() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx(
            "traceparent",
            TRACEPARENT,
            "baggage",
            "user_id=u-17,account_id=acme",
            "X-Request-Id",
            "req-flux-1");

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-flux-1");
    Map<String, String> body = response.getBody();
    assertThat(body).isNotNull();
    for (String view : new String[] {"reactor", "thread_local", "after_hop"}) {
      assertThat(body)
          .as(view)
          .containsEntry(view + ".user_id", "u-17")
          .containsEntry(view + ".account_id", "acme")
          .containsEntry(view + ".request_id", "req-flux-1")
          .containsEntry(view + ".trace_id", TRACE_ID);
    }
  }

  @Test
  void repeatedBaggageHeadersAreCombined() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx("baggage", "user_id=u-3", "baggage", "account_id=acme-3");

    assertThat(response.getBody())
        .containsEntry("reactor.user_id", "u-3")
        .containsEntry("reactor.account_id", "acme-3");
  }

  @Test
  void responseCarriesGeneratedRequestIdWhenNoneWasSent() {
    ResponseEntity<Map<String, String>> response = calls.ctx();

    String requestId = response.getHeaders().getFirst("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(response.getBody()).containsEntry("thread_local.request_id", requestId);
  }

  @Test
  void malformedRequestTypeIs400() {
    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=FAST");

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getHeaders().getFirst("X-Request-Id")).isNotBlank();
  }

  @Test
  void ambiguousTraceSignalsAreRejectedWith400BeforeTheHandlerRuns() {
    int handled = WebFluxTestApplication.ContextController.CALLS.get();
    assertThat(calls.ctx("baggage", "request_type=STANDARD").getStatusCode().value())
        .isEqualTo(200);
    assertThat(WebFluxTestApplication.ContextController.CALLS.get()).isEqualTo(handled + 1);
    String[][] ambiguous = {
      {"baggage", "Request_Type=TRACE"},
      {"baggage", "request_type=TRACE,request_type=STANDARD"},
      {"baggage", "request_type=STANDARD", "baggage", "request_type=TRACE"},
      {"baggage", "request_type=%54RACE"},
      {"baggage", "request_type=TRACE;x=y"},
      {"baggage", "k=v,".repeat(64) + "request_type=TRACE"},
    };

    for (String[] headers : ambiguous) {
      ResponseEntity<Map<String, String>> response = calls.ctx(headers);

      assertThat(response.getStatusCode().value()).as(headers[1]).isEqualTo(400);
    }
    assertThat(WebFluxTestApplication.ContextController.CALLS.get()).isEqualTo(handled + 1);
  }

  @Test
  void trustedTraceRequestRunsAsTrace() {
    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody())
        .containsEntry("reactor.request_type", "TRACE")
        .containsEntry("thread_local.request_type", "TRACE");
  }

  // micrometer-tracing#363: every request on a Netty thread saw the same trace id.
  @Test
  void fiftySequentialRequestsOnOneEventLoopNeverSeeEachOthersContext() {
    Set<String> entryThreads = new HashSet<>();
    Set<String> traceIds = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String traceId = String.format("%032x", 0x1000 + i);
      String user = "u-" + i;
      boolean anonymous = i % 5 == 0;
      ResponseEntity<Map<String, String>> response =
          anonymous
              ? calls.ctx("X-Request-Id", "seq-" + i)
              : calls.ctx(
                  "traceparent",
                  "00-" + traceId + "-00f067aa0ba902b7-01",
                  "baggage",
                  "user_id=" + user,
                  "X-Request-Id",
                  "seq-" + i);
      Map<String, String> body = response.getBody();
      assertThat(body).as("request %d", i).isNotNull();
      entryThreads.add(body.get("entry_thread"));
      for (String view : new String[] {"reactor", "thread_local", "after_hop"}) {
        assertThat(body)
            .as("request %d, %s", i, view)
            .containsEntry(view + ".request_id", "seq-" + i)
            .containsEntry(view + ".user_id", anonymous ? "" : user);
        if (!anonymous) {
          assertThat(body).as("request %d, %s", i, view).containsEntry(view + ".trace_id", traceId);
        }
      }
      traceIds.add(body.get("thread_local.trace_id"));
    }
    // Every request was served by the one event loop, and none inherited an earlier trace id.
    assertThat(entryThreads).as("entry threads %s", entryThreads).hasSize(1);
    assertThat(entryThreads.iterator().next()).startsWith("ck-webflux-test");
    assertThat(traceIds).hasSize(50);
  }
}
