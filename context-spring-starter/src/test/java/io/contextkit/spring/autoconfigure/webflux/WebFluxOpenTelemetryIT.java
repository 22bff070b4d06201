package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.spring.autoconfigure.it.InMemoryTracing;
import io.contextkit.testsupport.LogbackCapture;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
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
 * WebFlux with an OpenTelemetry SDK and Micrometer Tracing's OTel bridge observing every request:
 * the bridge restores each span's whole OpenTelemetry context (captured before authentication)
 * wherever Reactor propagates context, and still the authenticated caller's context is what the
 * handler sees — on its thread and after a scheduler hop — and what its log line carries.
 */
@SpringBootTest(
    classes = {WebFluxSecurityTestApplication.class, InMemoryTracing.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto"
    })
class WebFluxOpenTelemetryIT {

  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @LocalServerPort int port;

  private WebFluxCalls calls;
  private LogbackCapture logs;

  @BeforeEach
  void setUp() {
    calls = new WebFluxCalls(port);
    logs = LogbackCapture.attachToRoot();
  }

  @AfterEach
  void detach() {
    logs.close();
  }

  @AfterAll
  static void disableAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  private static String basic(String user) {
    return WebFluxCalls.basic(user);
  }

  @Test
  void authenticatedContextSurvivesTheTracersContextRestoration() throws Exception {
    for (int i = 0; i < 6; i++) {
      String user = i % 2 == 0 ? "alice" : "bob";
      String account = i % 2 == 0 ? "acme" : "beta";
      InMemoryTracing.SPANS.reset();

      ResponseEntity<Map<String, String>> response = calls.ctx("Authorization", basic(user));

      // A tracer really observed the request.
      assertThat(InMemoryTracing.serverSpan("/ctx").getTraceId()).hasSize(32);
      Map<String, String> body = response.getBody();
      String requestId = response.getHeaders().getFirst("X-Request-Id");
      for (String view : new String[] {"thread_local", "after_hop"}) {
        assertThat(body)
            .as("request %d, %s", i, view)
            .containsEntry(view + ".user_id", user)
            .containsEntry(view + ".account_id", account)
            .containsEntry(view + ".request_id", requestId)
            .containsEntry(view + ".trace_id", body.get("thread_local.trace_id"));
      }
      assertThat(logs.events())
          .filteredOn(e -> "serving ctx".equals(e.getFormattedMessage()))
          .filteredOn(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getMDCPropertyMap())
                      .containsEntry("user_id", user)
                      .containsEntry("account_id", account)
                      .containsEntry("trace_id", body.get("thread_local.trace_id"))
                      .containsEntry("parent_id", body.get("thread_local.parent_id")));
    }
  }

  @Test
  void contextTakesTheServerSpansIdsAndTheSpanTheContextsFields() throws Exception {
    for (int i = 0; i < 4; i++) {
      String user = i % 2 == 0 ? "alice" : "bob";
      InMemoryTracing.SPANS.reset();

      ResponseEntity<Map<String, String>> response = calls.ctx("Authorization", basic(user));

      SpanData server = InMemoryTracing.serverSpan("/ctx");
      String requestId = response.getHeaders().getFirst("X-Request-Id");
      for (String view : new String[] {"thread_local", "after_hop"}) {
        assertThat(response.getBody())
            .as("request %d, %s", i, view)
            .containsEntry(view + ".trace_id", server.getTraceId())
            .containsEntry(view + ".parent_id", server.getSpanId());
      }
      assertThat(linesOf("serving ctx", requestId))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getMDCPropertyMap())
                      .containsEntry("trace_id", server.getTraceId())
                      .containsEntry("parent_id", server.getSpanId())
                      .containsEntry("user_id", user));
      assertThat(server.getAttributes().get(AttributeKey.stringKey("request_id")))
          .isEqualTo(requestId);
      assertThat(server.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo(user);
    }
  }

  @Test
  void callersTraceContinuedByTheSpanIsTheContextsTrace() throws Exception {
    InMemoryTracing.SPANS.reset();

    ResponseEntity<Map<String, String>> response =
        calls.ctx(
            "Authorization",
            basic("alice"),
            "traceparent",
            "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01");

    SpanData server = InMemoryTracing.serverSpan("/ctx");
    assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(response.getBody())
        .containsEntry("thread_local.trace_id", CALLER_TRACE)
        .containsEntry("thread_local.parent_id", server.getSpanId());
  }

  // Spring's exception handlers run outside the filter chain, where the span was adopted: the line
  // they log must still carry the span's trace, and the authenticated caller.
  @Test
  void errorLineOfAHandlerExceptionCarriesTheServerSpansTraceAndTheCaller() throws Exception {
    for (String user : new String[] {"alice", "bob"}) {
      InMemoryTracing.SPANS.reset();

      ResponseEntity<Map<String, String>> response =
          calls.get("/boom", "Authorization", basic(user));

      assertThat(response.getStatusCode().value()).isEqualTo(500);
      SpanData server = InMemoryTracing.serverSpan("/boom");
      String requestId = response.getHeaders().getFirst("X-Request-Id");
      assertThat(linesOf("about to fail", requestId))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getMDCPropertyMap())
                      .containsEntry("trace_id", server.getTraceId())
                      .containsEntry("user_id", user));
      assertThat(logs.events())
          .filteredOn(e -> e.getLevel() == Level.ERROR && e.getThrowableProxy() != null)
          .filteredOn(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("flux boom");
                assertThat(e.getMDCPropertyMap())
                    .containsEntry("trace_id", server.getTraceId())
                    .containsEntry("parent_id", server.getSpanId())
                    .containsEntry("user_id", user);
              });
    }
  }

  @Test
  void webClientCallCarriesTheServerSpansTrace() throws Exception {
    RecordingHttpServer echo =
        RecordingHttpServer.start(
            request -> {
              String traceparent = request.header("traceparent");
              return Response.json(
                  200, "{\"traceparent\":\"" + (traceparent == null ? "" : traceparent) + "\"}");
            });
    try {
      InMemoryTracing.SPANS.reset();

      ResponseEntity<Map<String, String>> response =
          calls.get("/out?port=" + echo.port(), "Authorization", basic("alice"));

      assertThat(response.getStatusCode().value()).isEqualTo(200);
      SpanData server = InMemoryTracing.serverSpan("/out");
      assertThat(response.getBody().get("traceparent"))
          .startsWith("00-" + server.getTraceId() + "-");
    } finally {
      echo.close();
    }
  }

  private List<ILoggingEvent> linesOf(String message, String requestId) {
    return logs.eventsWith(message, "request_id", requestId);
  }
}
