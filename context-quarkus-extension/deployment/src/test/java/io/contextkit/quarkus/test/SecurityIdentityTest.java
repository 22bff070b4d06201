package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.internal.RefusalLog;
import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The authenticated caller fills the context (principal name = user_id, attributes = account and
 * tester) and may start TRACE only with the configured role (or, by the default {@code
 * trace.permission-role-prefix}, {@code ROLE_} + that role).
 */
class SecurityIdentityTest {

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
                      AccountAugmentor.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.http.auth.basic", "true")
          .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
          .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
          .overrideConfigKey("quarkus.security.users.embedded.users.alice", "alice-pw")
          .overrideConfigKey("quarkus.security.users.embedded.roles.alice", "TRACE_RUNNER")
          .overrideConfigKey("quarkus.security.users.embedded.users.bob", "bob-pw")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.permission", "TRACE_RUNNER");

  @Test
  void fillsTheContextFromTheAuthenticatedCaller() {
    Response response =
        given()
            .auth()
            .preemptive()
            .basic("bob", "bob-pw")
            .header("baggage", "user_id=admin")
            .get("/ctx/echo");

    Map<String, String> seen = Fields.parse(response.asString().split("\n")[0]);
    assertThat(seen)
        .containsEntry("user_id", "bob")
        .containsEntry("account_id", "acct-bob")
        .containsEntry("tester", "true")
        .containsEntry("request_type", "STANDARD");
  }

  @Test
  void runsTraceForACallerHoldingThePermission() {
    Response response =
        given()
            .auth()
            .preemptive()
            .basic("alice", "alice-pw")
            .header("baggage", "request_type=TRACE")
            .get("/ctx/echo");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Fields.parse(response.asString().split("\n")[0]))
        .containsEntry("user_id", "alice")
        .containsEntry("request_type", "TRACE");
  }

  @Test
  void theRefusalLineNamesTheExpectedRole() {
    JulLogCapture lines = JulLogCapture.onLogger(RefusalLog.LOGGER);

    Response response =
        given()
            .auth()
            .preemptive()
            .basic("bob", "bob-pw")
            .header("baggage", "request_type=TRACE")
            .get("/ctx/echo");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=403 reason=untrusted-trace request_id="
                + response.header("X-Request-Id")
                + " peer=127.0.0.1 expected_authority=TRACE_RUNNER|ROLE_TRACE_RUNNER");
  }

  @Test
  void refusesTraceForACallerWithoutThePermission() {
    assertThat(
            given()
                .auth()
                .preemptive()
                .basic("bob", "bob-pw")
                .header("baggage", "request_type=TRACE")
                .get("/ctx/echo")
                .statusCode())
        .isEqualTo(403);
    assertThat(given().header("baggage", "request_type=TRACE").get("/ctx/echo").statusCode())
        .isEqualTo(403);
  }
}
