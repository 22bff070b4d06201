package io.contextkit.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing keys without an active key id stop startup with a message naming the missing key. */
class SigningWithoutActiveKeyTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(EchoResource.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.signing.keys.k1",
              "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("quarkus.contextkit.trust.signing.active-key-id")
                      .contains("[k1]"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
