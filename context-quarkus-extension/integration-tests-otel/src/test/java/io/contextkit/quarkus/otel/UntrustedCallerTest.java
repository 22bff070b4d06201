package io.contextkit.quarkus.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.LogLine;
import io.contextkit.testsupport.RecordingHttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application with ContextKit and quarkus-opentelemetry (default propagators: {@code
 * tracecontext,baggage}) and a caller it does not trust: nobody is a trusted peer. The forged
 * identity baggage must reach no destination, whatever the tracer propagates; the tracer's trace
 * context still does, and ContextKit, the log line and the spans share one trace id.
 */
class UntrustedCallerTest {

  private static final String FORGED = "user_id=admin,account_id=evil";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      RelayResource.class,
                      Relay.class,
                      StubClient.class,
                      HeaderStub.class,
                      SpanCapture.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          // Spans stay in memory (SpanCapture); nothing is exported to an OTLP endpoint.
          .overrideConfigKey("quarkus.otel.exporter.otlp.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1");

  @Inject InMemorySpanExporter spans;

  private JulLogCapture logs;

  @BeforeEach
  void capture() {
    logs = JulLogCapture.onRoot(RelayResource.LOG_CATEGORY);
  }

  @Test
  void forgedIdentityBaggageReachesNoDestination() {
    Relay.Outcome outcome = Relay.call("forged", Map.of("baggage", FORGED));

    for (RecordingHttpServer.Request received : List.of(outcome.internal(), outcome.thirdParty())) {
      assertThat(received.allHeaders())
          .as("headers sent to %s", received.path())
          .doesNotContain("admin")
          .doesNotContain("evil");
      assertThat(received.headers("baggage"))
          .as("baggage sent to %s", received.path())
          .hasSizeLessThanOrEqualTo(1);
    }
    assertThat(outcome.answer()).containsEntry("otel_baggage", "[]");
  }

  @Test
  void forgedIdentityBaggageWithATraceparentReachesNoDestination() {
    Relay.Outcome outcome =
        Relay.call(
            "forged-traced",
            Map.of(
                "baggage",
                FORGED + ",region=eu",
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

    for (RecordingHttpServer.Request received : List.of(outcome.internal(), outcome.thirdParty())) {
      assertThat(received.allHeaders())
          .as("headers sent to %s", received.path())
          .doesNotContain("admin")
          .doesNotContain("evil");
      assertThat(received.headers("baggage")).hasSizeLessThanOrEqualTo(1);
    }
    // Plain baggage is ContextKit's to pass on inside the trust boundary, never to third parties.
    assertThat(outcome.thirdParty().headers("baggage")).isEmpty();
    // The tracer, not trust.untrusted-trace-id-mode (restart), decides that the caller's trace
    // goes on: its server span continues it and ContextKit takes the server span's ids.
    assertThat(outcome.answer())
        .containsEntry("context_trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void tracerPropagatesTheServerSpansTraceAndAllIdsAgree() {
    Relay.Outcome outcome = Relay.call("ids", Map.of());

    String traceId = outcome.answer().get("context_trace_id");
    SpanData server = serverSpanOf(traceId);
    assertThat(outcome.answer()).containsEntry("span_trace_id", traceId);
    assertThat(server.getTraceId()).isEqualTo(traceId);
    List<String> clientSpanIds = new ArrayList<>();
    for (SpanData span : spans.getFinishedSpanItems()) {
      if (span.getKind() == SpanKind.CLIENT && span.getTraceId().equals(traceId)) {
        assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId());
        clientSpanIds.add(span.getSpanId());
      }
    }
    for (RecordingHttpServer.Request received : List.of(outcome.internal(), outcome.thirdParty())) {
      // One header, the tracer's: it names the call's client span as the parent of the next hop.
      assertThat(received.headers("traceparent"))
          .as("traceparent sent to %s", received.path())
          .singleElement()
          .satisfies(
              tp -> {
                assertThat(tp).startsWith("00-" + traceId + "-");
                assertThat(clientSpanIds).contains(tp.substring(36, 52));
              });
    }
    LogLine line = logs.withMessage("relay ids").get(0);
    assertThat(line.mdc()).containsEntry("trace_id", traceId).containsEntry("traceId", traceId);
  }

  private SpanData serverSpanOf(String traceId) {
    // The server span ends when the response is written, after the client read the body.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (SpanData span : spans.getFinishedSpanItems()) {
        if (span.getKind() == SpanKind.SERVER && span.getTraceId().equals(traceId)) {
          return span;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(
        "no server span of trace " + traceId + ": " + spans.getFinishedSpanItems());
  }
}
