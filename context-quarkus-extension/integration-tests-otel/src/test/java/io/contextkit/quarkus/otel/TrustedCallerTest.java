package io.contextkit.quarkus.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application with ContextKit and quarkus-opentelemetry, called by a trusted peer: the identity
 * goes, once, to the internal host and never to the third party.
 */
class TrustedCallerTest {

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
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1");

  @Test
  void identityReachesTheInternalHostOnceAndNeverTheThirdParty() {
    Relay.Outcome outcome =
        Relay.call("trusted", Map.of("baggage", "user_id=alice,account_id=acme"));

    assertThat(outcome.internal().headers("baggage"))
        .singleElement()
        .asString()
        .containsOnlyOnce("user_id=alice")
        .containsOnlyOnce("account_id=acme");
    assertThat(outcome.thirdParty().allHeaders()).doesNotContain("alice").doesNotContain("acme");
    assertThat(outcome.thirdParty().headers("baggage")).isEmpty();
    assertThat(outcome.internal().headers("traceparent")).hasSize(1);
    assertThat(outcome.thirdParty().headers("traceparent")).hasSize(1);
  }

  @Test
  void callerTraceContinuesWithOneTraceparentPerCall() {
    String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    Relay.Outcome outcome =
        Relay.call(
            "trusted-traced", Map.of("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01"));

    assertThat(outcome.answer()).containsEntry("context_trace_id", callerTrace);
    assertThat(outcome.internal().headers("traceparent"))
        .singleElement()
        .asString()
        .startsWith("00-" + callerTrace + "-")
        .doesNotContain("00f067aa0ba902b7");
  }
}
