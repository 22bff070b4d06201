package io.contextkit.quarkus.test.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code trust.third-party-policy=traceparent-only}: a third party no longer gets tracestate. */
class ThirdPartyTraceparentOnlyTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(HopResource.class, HopResource.HopClient.class, Relay.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.third-party-policy", "traceparent-only");

  @Test
  void aThirdPartyGetsOnlyTraceparent() {
    Map<String, String> sent = Relay.sent();

    assertThat(sent).containsOnlyKeys("traceparent");
    assertThat(sent.get("traceparent")).startsWith("00-" + Relay.TRACE_ID + "-");
  }
}
