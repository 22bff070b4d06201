package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A trusted peer (127.0.0.1) limited to {@code trace-and-request-id}: its TRACE ask and request id
 * are taken, the user and account it claims are not, and an authenticated caller's own identity
 * fills them. The fully trusted twin is {@code TrustedPeerPropagationIT}.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.trusted-peers=127.0.0.1,::1",
      "contextkit.trust.trusted-peer-scope=trace-and-request-id"
    })
class TrustedPeerScopeIT {

  @LocalServerPort int port;

  @Test
  void theLimitedPeerRunsTraceWithItsRequestIdButWithoutTheIdentityItClaims() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port,
            "/ctx",
            "baggage",
            "request_type=TRACE,user_id=admin,account_id=root",
            "X-Request-Id",
            "qa-run-7");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> ctx = Http.json(response);
    assertThat(ctx)
        .containsEntry("request_type", "TRACE")
        .containsEntry("request_id", "qa-run-7")
        .containsEntry("user_id", "")
        .containsEntry("account_id", "");
  }

  @Test
  void anAuthenticatedCallerBehindTheLimitedPeerKeepsItsOwnIdentity() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port,
            "/ctx",
            "baggage",
            "request_type=TRACE,user_id=admin",
            "Authorization",
            Http.basic("alice"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response))
        .containsEntry("request_type", "TRACE")
        .containsEntry("user_id", "alice");
  }
}
