package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flags defined under {@code quarkus.contextkit.flags.*} are served through an injected OpenFeature
 * client, targeted by the request context, and recorded on it.
 */
class FeatureFlagsTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(FlagResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.variants.on", "true")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.variants.off", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.flags.new-checkout.default-variant", "off")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.flags.new-checkout.targeting",
              "{\"if\":[{\"==\":[{\"var\":\"account_id\"},\"acme\"]},\"on\",\"off\"]}");

  @Test
  void targetsTheFlagByTheRequestsAccount() {
    String acme = given().header("baggage", "account_id=acme").get("/flags/checkout").asString();
    String other = given().header("baggage", "account_id=other").get("/flags/checkout").asString();

    assertThat(acme.split("\n")[0]).isEqualTo("true");
    assertThat(other.split("\n")[0]).isEqualTo("false");
  }

  @Test
  void declaresTheFlagKeysInTheConfigurationMapping() {
    // Keys a mapping holds are known to Quarkus, which warns about unknown ones otherwise.
    assertThat(given().get("/flags/keys").asString())
        .isEqualTo(
            "new-checkout.default-variant,new-checkout.targeting,"
                + "new-checkout.variants.off,new-checkout.variants.on");
  }

  @Test
  void recordsTheEvaluationOnTheRequestContext() {
    String body = given().header("baggage", "account_id=acme").get("/flags/checkout").asString();

    assertThat(body).contains("new-checkout");
  }
}
