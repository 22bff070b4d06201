package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With an OpenTelemetry SDK and Micrometer Tracing's OTel bridge wired the way Boot's tracing
 * auto-configuration wires them (an observation handler creating spans for Spring MVC's observation
 * filter), the server span decides the ids: the request's context, every JSON log line (also
 * the @Async hop's) and the next outbound hop carry the span's trace id, the context's parent id is
 * the span's id, and the context's fields are attributes of the server span. Without a tracer,
 * ContextKit's own ids are used: see {@link TrustedPeerPropagationIT} (the trusted traceparent's
 * trace id) and {@link UntrustedCallerIT} (a generated one).
 */
@SpringBootTest(
    classes = {TestApplication.class, InMemoryTracing.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.trusted-peers=127.0.0.1,::1",
      "contextkit.trust.internal-hosts=localhost"
    })
class OpenTelemetryTracingIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

  @LocalServerPort int port;

  private JsonLogCapture logs;

  @BeforeEach
  void captureLogs() {
    InMemoryTracing.SPANS.reset();
    logs = JsonLogCapture.attach();
  }

  @AfterEach
  void stopCapture() {
    logs.detach();
  }

  @Test
  void serverSpanSuppliesTheIdsOfContextLogsAndAsyncHop() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port,
            "/async",
            "X-Request-Id",
            "otel-async-1",
            "baggage",
            "user_id=u-otel,account_id=acme");
    assertThat(response.statusCode()).isEqualTo(200);

    SpanData server = serverSpan("/async");
    Map<String, Object> body = Http.json(response);
    for (String hop : new String[] {"caller", "async"}) {
      assertThat(Http.map(body.get(hop)))
          .as(hop)
          .containsEntry("trace_id", server.getTraceId())
          .containsEntry("parent_id", server.getSpanId())
          .containsEntry("request_id", "otel-async-1");
    }
    List<Map<String, Object>> lines = linesOf("otel-async-1");
    assertThat(lines).extracting(e -> e.get("message")).contains("before async", "in async");
    assertThat(lines)
        .allSatisfy(
            e -> {
              assertThat(e.get("trace_id")).isEqualTo(server.getTraceId());
              assertThat(e.get("user_id")).isEqualTo("u-otel");
            });
  }

  @Test
  void serverSpanContinuesTheTrustedCallersTraceAndBecomesTheContextsParent() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port,
            "/ctx",
            "traceparent",
            "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01",
            "X-Request-Id",
            "otel-ctx-1");

    SpanData server = serverSpan("/ctx");
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
    assertThat(Http.json(response))
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("parent_id", server.getSpanId());
  }

  @Test
  void contextFieldsBecomeAttributesOfTheServerSpan() throws Exception {
    Http.get(
        port,
        "/ctx",
        "X-Request-Id",
        "otel-attrs-1",
        "baggage",
        "user_id=u-attrs,account_id=acme,license=gold,tester=true");

    SpanData server = serverSpan("/ctx");
    assertThat(server.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("request_id"), "otel-attrs-1")
        .containsEntry(AttributeKey.stringKey("user_id"), "u-attrs")
        .containsEntry(AttributeKey.stringKey("account_id"), "acme")
        .containsEntry(AttributeKey.stringKey("license"), "gold")
        .containsEntry(AttributeKey.stringKey("tester"), "true")
        .containsEntry(AttributeKey.stringKey("request_type"), "STANDARD");
  }

  @Test
  void authenticatedUserBecomesASpanAttribute() throws Exception {
    Http.get(port, "/ctx", "Authorization", Http.basic("alice"));

    SpanData server = serverSpan("/ctx");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("alice");
  }

  @Test
  void outboundHopCarriesTheServerSpansTrace() throws Exception {
    HttpResponse<String> response =
        Http.get(port, "/out/rest-client-create-bean", "X-Request-Id", "otel-out-1");
    assertThat(response.statusCode()).isEqualTo(200);

    SpanData server = serverSpan("/out/{kind}");
    Map<String, Object> echo = Http.map(Http.json(response).get("echo"));
    assertThat((String) echo.get("traceparent")).startsWith("00-" + server.getTraceId() + "-");
    assertThat(Http.map(echo.get("context")))
        .containsEntry("trace_id", server.getTraceId())
        .containsEntry("request_id", "otel-out-1");
  }

  private static SpanData serverSpan(String uri) throws InterruptedException {
    return InMemoryTracing.serverSpan(uri);
  }

  private List<Map<String, Object>> linesOf(String requestId) {
    return logs.events().stream().filter(e -> requestId.equals(e.get("request_id"))).toList();
  }
}
