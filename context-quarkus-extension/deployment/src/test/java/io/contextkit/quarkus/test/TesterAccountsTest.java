package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code identity.tester-accounts} and {@code trace.permission-role-prefix} on Quarkus, with the
 * same meaning as in the Spring Boot starter: a listed user is a tester without any tester
 * attribute, and the role prefix + permission permits TRACE.
 */
class TesterAccountsTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(EchoResource.class, EchoClient.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.http.auth.basic", "true")
          .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
          .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
          .overrideConfigKey("quarkus.security.users.embedded.users.tess", "tess-pw")
          .overrideConfigKey("quarkus.security.users.embedded.roles.tess", "GROUP_TRACE_RUNNER")
          .overrideConfigKey("quarkus.security.users.embedded.users.bob", "bob-pw")
          .overrideConfigKey("quarkus.security.users.embedded.roles.bob", "ROLE_TRACE_RUNNER")
          .overrideRuntimeConfigKey("quarkus.contextkit.identity.tester-accounts", "qa-1,tess")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.permission", "TRACE_RUNNER")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.permission-role-prefix", "GROUP_");

  private static Map<String, String> seen(Response response) {
    return Fields.parse(response.asString().split("\n")[0]);
  }

  @Test
  void aListedUserIsATester() {
    Response response = given().auth().preemptive().basic("tess", "tess-pw").get("/ctx/echo");

    assertThat(seen(response)).containsEntry("user_id", "tess").containsEntry("tester", "true");
  }

  @Test
  void aUserNotListedIsNoTester() {
    Response response = given().auth().preemptive().basic("bob", "bob-pw").get("/ctx/echo");

    assertThat(seen(response))
        .containsEntry("user_id", "bob")
        .doesNotContainEntry("tester", "true");
  }

  @Test
  void theConfiguredRolePrefixPlusThePermissionPermitsTrace() {
    Response response =
        given()
            .auth()
            .preemptive()
            .basic("tess", "tess-pw")
            .header("baggage", "request_type=TRACE")
            .get("/ctx/echo");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(seen(response)).containsEntry("request_type", "TRACE");
  }

  @Test
  void anotherPrefixDoesNotPermitTrace() {
    assertThat(
            given()
                .auth()
                .preemptive()
                .basic("bob", "bob-pw")
                .header("baggage", "request_type=TRACE")
                .get("/ctx/echo")
                .statusCode())
        .isEqualTo(403);
  }
}
