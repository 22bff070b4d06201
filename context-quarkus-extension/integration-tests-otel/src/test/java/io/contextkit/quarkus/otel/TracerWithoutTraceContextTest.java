package io.contextkit.quarkus.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.RecordingHttpServer;
import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * quarkus-opentelemetry configured without {@code tracecontext} ({@code
 * quarkus.otel.propagators=baggage}): the tracer writes no {@code traceparent}, so ContextKit's
 * client filter still writes its own, and the tracer's baggage propagator, kept off baggage, writes
 * nothing.
 */
class TracerWithoutTraceContextTest {

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
          .overrideConfigKey("quarkus.otel.exporter.otlp.enabled", "false")
          .overrideConfigKey("quarkus.otel.propagators", "baggage")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1");

  @Test
  void contextKitWritesTheOnlyTraceparent() {
    Relay.Outcome outcome = Relay.call("no-tc", Map.of("baggage", "user_id=admin,account_id=evil"));

    String traceId = outcome.answer().get("context_trace_id");
    for (RecordingHttpServer.Request received : List.of(outcome.internal(), outcome.thirdParty())) {
      assertThat(received.headers("traceparent"))
          .as("traceparent sent to %s", received.path())
          .singleElement()
          .asString()
          .startsWith("00-" + traceId + "-");
      assertThat(received.allHeaders()).doesNotContain("admin").doesNotContain("evil");
    }
    assertThat(outcome.internal().headers("baggage")).hasSize(1);
  }
}
