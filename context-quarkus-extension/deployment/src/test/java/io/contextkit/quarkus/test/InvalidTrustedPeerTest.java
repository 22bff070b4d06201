package io.contextkit.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host name among the trusted peers stops startup with a message naming the key. */
class InvalidTrustedPeerTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(EchoResource.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "gateway.internal")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("Invalid quarkus.contextkit.trust.trusted-peers")
                      .contains("gateway.internal"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
