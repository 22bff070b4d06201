package io.contextkit.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A blank TRACE permission stops startup with a message naming the key, even without
 * quarkus-security's identity being asked for (the identity rules are built at startup).
 */
class BlankTracePermissionTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(EchoResource.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.permission", " ")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("quarkus.contextkit.trace.permission")
                      .contains("must not be blank"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
