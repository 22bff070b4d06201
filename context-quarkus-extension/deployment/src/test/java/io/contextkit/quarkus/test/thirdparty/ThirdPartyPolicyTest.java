package io.contextkit.quarkus.test.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No host is internal, so the application's own REST client call is a call to a third party: by
 * default it carries the W3C trace headers, {@code traceparent} and {@code tracestate}, and no
 * other context header.
 */
class ThirdPartyPolicyTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(HopResource.class, HopResource.HopClient.class, Relay.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Test
  void aThirdPartyGetsTraceparentAndTracestateAndNothingElse() {
    Map<String, String> sent = Relay.sent();

    assertThat(sent).containsOnlyKeys("traceparent", "tracestate");
    assertThat(sent.get("traceparent")).startsWith("00-" + Relay.TRACE_ID + "-");
    assertThat(sent).containsEntry("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }
}
