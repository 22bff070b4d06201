package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With quarkus-smallrye-jwt or quarkus-oidc the token's claims are on the JWT principal, not
 * attributes of the {@code SecurityIdentity}; {@code identity.account-claim}, {@code tester-claim}
 * and {@code license-claim} read them there (found on the security-jwt quickstart, where the
 * account never reached the context). Forged baggage still changes nothing.
 */
class JwtClaimsTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      EchoResource.class,
                      EchoClient.class,
                      Fields.class,
                      Logs.class,
                      JwtPrincipalAugmentor.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.http.auth.basic", "true")
          .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
          .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
          .overrideConfigKey("quarkus.security.users.embedded.users.jdoe", "jdoe-pw")
          .overrideConfigKey("quarkus.security.users.embedded.users.qa", "qa-pw")
          .overrideRuntimeConfigKey("quarkus.contextkit.identity.account-claim", "acct");

  private static Map<String, String> seen(String user, String password, String baggage) {
    var request = given().auth().preemptive().basic(user, password);
    if (baggage != null) {
      request = request.header("baggage", baggage);
    }
    return Fields.parse(request.get("/ctx/echo").asString().split("\n")[0]);
  }

  @Test
  void theAccountAndLicenceClaimsOfTheTokenFillTheContext() {
    assertThat(seen("jdoe", "jdoe-pw", null))
        .containsEntry("user_id", "jdoe")
        .containsEntry("account_id", "acme-jdoe")
        .containsEntry("license", "gold")
        .doesNotContainEntry("tester", "true");
  }

  @Test
  void aJsonTrueTesterClaimMakesATester() {
    assertThat(seen("qa", "qa-pw", null))
        .containsEntry("account_id", "acme-qa")
        .containsEntry("tester", "true");
  }

  @Test
  void baggageDoesNotOverrideTheTokensClaims() {
    assertThat(seen("jdoe", "jdoe-pw", "user_id=admin,account_id=evil,tester=true"))
        .containsEntry("user_id", "jdoe")
        .containsEntry("account_id", "acme-jdoe")
        .doesNotContainEntry("tester", "true");
  }
}
