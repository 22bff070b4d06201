package io.contextkit.quarkus.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.contextkit.tracing.exclusive-baggage=false}: quarkus-opentelemetry's baggage
 * propagation is back, with the consequence the switch exists to prevent: the tracer takes the
 * untrusted caller's baggage and sends it on, to the third party too.
 */
class ExclusiveBaggageOffTest {

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
          .overrideConfigKey("quarkus.contextkit.tracing.exclusive-baggage", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1");

  @Test
  void tracerPropagatesTheCallersBaggageAgain() {
    Relay.Outcome outcome = Relay.call("off", Map.of("baggage", "user_id=admin,account_id=evil"));

    assertThat(outcome.answer().get("otel_baggage")).contains("user_id").contains("account_id");
    assertThat(outcome.thirdParty().headers("baggage"))
        .singleElement()
        .asString()
        .contains("user_id=admin")
        .contains("account_id=evil");
  }
}
