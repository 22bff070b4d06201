package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nobody is a trusted peer and localhost is a third party: identity fields from the caller are
 * dropped unless signed, bad headers never cause a 5xx, and outbound calls get only {@code
 * traceparent}.
 */
class UntrustedPeerTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(EchoResource.class, EchoClient.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.signing.active-key-id", "k1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.signing.keys.k1",
              Base64.getEncoder().encodeToString(SECRET));

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @Test
  void neverTakesAdminFromAnUntrustedCallersBaggage() {
    Response response =
        given()
            .header("traceparent", TRACEPARENT)
            .header("baggage", "user_id=admin,account_id=root")
            .header("x-request-id", "forged")
            .get("/ctx/echo");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> seen = Fields.parse(response.asString().split("\n")[0]);
    assertThat(seen).doesNotContainKeys("user_id", "account_id");
    assertThat(seen.get("request_id")).isNotEqualTo("forged").isNotBlank();
    // restart is the default for untrusted callers
    assertThat(seen.get("trace_id")).isNotEqualTo(TRACE_ID);
    assertThat(response.header("x-request-id")).isEqualTo(seen.get("request_id"));
  }

  @Test
  void acceptsAContextSignedWithAConfiguredKey() {
    String signature =
        ContextSignature.create(SigningKeys.of("k1", SECRET))
            .sign(new SignedFields(TRACE_ID, "signed-1", "carol", "acme", false, null, null));

    Response response =
        given()
            .header("traceparent", TRACEPARENT)
            .header("baggage", "user_id=carol,account_id=acme")
            .header("x-request-id", "signed-1")
            .header("contextkit-signature", signature)
            .get("/ctx/echo");

    Map<String, String> seen = Fields.parse(response.asString().split("\n")[0]);
    assertThat(seen)
        .containsEntry("user_id", "carol")
        .containsEntry("account_id", "acme")
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("request_id", "signed-1");
  }

  @Test
  void rejectsATamperedSignature() {
    String signature =
        ContextSignature.create(SigningKeys.of("k1", SECRET))
            .sign(new SignedFields(TRACE_ID, "signed-2", "carol", null, false, null, null));

    String body =
        given()
            .header("traceparent", TRACEPARENT)
            .header("baggage", "user_id=admin")
            .header("x-request-id", "signed-2")
            .header("contextkit-signature", signature)
            .get("/ctx/echo")
            .asString();

    assertThat(Fields.parse(body.split("\n")[0])).doesNotContainKey("user_id");
  }

  @Test
  void answersMalformedHeadersWithoutAServerError() {
    String[][] headers = {
      {"traceparent", "00-zzzz-00f067aa0ba902b7-01"},
      {"traceparent", "ff-" + TRACE_ID + "-00f067aa0ba902b7-01"},
      {"tracestate", "=,,,\u0001"},
      {"baggage", ";;;=,=%%%,user_id"},
      {"baggage", "k=" + "v".repeat(9000)},
      {"x-request-id", "bad id with spaces"},
      {"contextkit-signature", "garbage"},
      {"contextkit-signature", "v1;k1;0;AAAA"},
    };
    for (String[] header : headers) {
      int status = given().header(header[0], header[1]).get("/ctx/echo").statusCode();
      assertThat(status).as("%s: %s", header[0], header[1]).isEqualTo(200);
    }
  }

  @Test
  void answersAMalformedRequestTypeWith400() {
    Response response = given().header("baggage", "request_type=BOGUS").get("/ctx/echo");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.asString()).doesNotContain("BOGUS");
  }

  @Test
  void refusesTraceFromAnUntrustedCallerWith403() {
    assertThat(given().header("baggage", "request_type=TRACE").get("/ctx/echo").statusCode())
        .isEqualTo(403);
  }

  @Test
  void sendsOnlyTraceparentToAThirdPartyHost() {
    String[] hops =
        given().header("traceparent", TRACEPARENT).get("/ctx/chain").asString().split("\n");

    Map<String, String> resource = Fields.parse(hops[0]);
    Map<String, String> callee = Fields.parse(hops[2]);
    // The callee (also untrusting) restarts the trace; what matters: no baggage and no request id
    // left this service.
    assertThat(hops[3]).isEqualTo("baggage:null");
    assertThat(callee.get("request_id")).isNotEqualTo(resource.get("request_id"));
  }
}
