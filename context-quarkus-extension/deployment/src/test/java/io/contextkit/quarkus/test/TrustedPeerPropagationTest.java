package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trusted peer (127.0.0.1) hands in a context; the resource, a ManagedExecutor task and a REST
 * client call back into the same application all see one context.
 */
class TrustedPeerPropagationTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(EchoResource.class, EchoClient.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "localhost");

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @Test
  void carriesOneContextThroughResourceExecutorAndClient() {
    Response response =
        given()
            .header("traceparent", TRACEPARENT)
            .header("baggage", "user_id=alice,account_id=acme,other=kept")
            .header("x-request-id", "req-1")
            .get("/ctx/chain");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("x-request-id")).isEqualTo("req-1");
    String[] hops = response.asString().split("\n");
    Map<String, String> resource = Fields.parse(hops[0]);
    Map<String, String> executor = Fields.parse(hops[1]);
    Map<String, String> callee = Fields.parse(hops[2]);

    assertThat(resource)
        .containsEntry("user_id", "alice")
        .containsEntry("account_id", "acme")
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("request_id", "req-1");
    assertThat(executor).isEqualTo(resource);
    assertThat(callee)
        .containsEntry("user_id", "alice")
        .containsEntry("account_id", "acme")
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("request_id", "req-1");
    // The callee is a new hop of the same trace.
    assertThat(callee.get("parent_id")).isNotEqualTo(resource.get("parent_id"));
    assertThat(hops[3]).contains("user_id=alice").contains("account_id=acme");
  }

  @Test
  void acceptsIdentityFieldsFromTheTrustedPeer() {
    String body = given().header("baggage", "user_id=admin").get("/ctx/echo").asString();

    assertThat(Fields.parse(body.split("\n")[0])).containsEntry("user_id", "admin");
  }
}
