package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trusted peer (127.0.0.1) limited to {@code trace-and-request-id}: its TRACE ask and request id
 * are taken, the user and account it claims are not.
 */
class TrustedPeerScopeTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(EchoResource.class, EchoClient.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.trusted-peer-scope", "trace-and-request-id");

  @Test
  void theLimitedPeerRunsTraceWithItsRequestIdButWithoutTheIdentityItClaims() {
    Response response =
        given()
            .header("baggage", "request_type=TRACE,user_id=admin,account_id=root")
            .header("x-request-id", "qa-run-7")
            .get("/ctx/echo");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> seen = Fields.parse(response.asString().split("\n")[0]);
    assertThat(seen)
        .containsEntry("request_type", "TRACE")
        .containsEntry("request_id", "qa-run-7")
        .doesNotContainKey("user_id")
        .doesNotContainKey("account_id");
  }

  @Test
  void withoutATraceAskTheRequestIsStandardAndStillWithoutTheClaimedIdentity() {
    Response response =
        given()
            .header("baggage", "user_id=admin")
            .header("x-request-id", "qa-run-8")
            .get("/ctx/echo");

    Map<String, String> seen = Fields.parse(response.asString().split("\n")[0]);
    assertThat(seen)
        .containsEntry("request_type", "STANDARD")
        .containsEntry("request_id", "qa-run-8")
        .doesNotContainKey("user_id");
  }
}
