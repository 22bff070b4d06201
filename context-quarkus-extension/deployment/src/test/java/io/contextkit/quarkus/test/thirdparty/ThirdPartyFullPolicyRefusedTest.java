package io.contextkit.quarkus.test.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.Messages;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code trust.third-party-policy=full} stops startup: the whole context never leaves. */
class ThirdPartyFullPolicyRefusedTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(HopResource.class, HopResource.HopClient.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.third-party-policy", "full")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("quarkus.contextkit.trust.third-party-policy")
                      .contains("internal hosts"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
