package io.contextkit.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code quarkus.contextkit.flags.strict=true} an invalid flag definition stops the
 * application at startup, naming the flag and the key.
 */
class InvalidFlagStrictTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(FlagResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.strict", "true")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.variants.on", "true")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.variants.off", "false")
          // Not one of the variants.
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.default-variant", "blue")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("Invalid quarkus.contextkit.flags.new-checkout")
                      .contains("defaultVariant \"blue\" is not one of the variants [off, on]"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
