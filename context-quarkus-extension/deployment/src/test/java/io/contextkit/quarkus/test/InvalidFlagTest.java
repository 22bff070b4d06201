package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An invalid flag definition no longer stops the application: it loads as flagd loads it and
 * answers the caller's default with reason ERROR, while the other flags are served. {@link
 * InvalidFlagStrictTest} is the strict twin.
 */
class InvalidFlagTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(FlagResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.variants.on", "true")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.variants.off", "false")
          // Not one of the variants.
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.default-variant", "blue")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.pricing.variants.new", "true")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.pricing.default-variant", "new");

  @Test
  void startsAndAnswersTheCallersDefaultWithAnErrorForTheInvalidFlag() {
    assertThat(given().get("/flags/details/new-checkout").asString())
        .isEqualTo("false|ERROR|GENERAL");
  }

  @Test
  void servesTheOtherFlags() {
    assertThat(given().get("/flags/details/pricing").asString()).isEqualTo("true|STATIC|null");
  }
}
