package io.contextkit.quarkus.test.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.Messages;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An invalid synthetic response stops the application at startup, naming the key. */
class TraceInvalidConfigTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(CountingResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.\"*.stripe.com\".status", "700")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains(
                          "Invalid quarkus.contextkit.trace.synthetic-responses.\"*.stripe.com\""
                              + ".status")
                      .contains("700"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
