package io.contextkit.quarkus.channels;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Vert.x WebClients the application creates with {@code WebClient.create(vertx)} against a real
 * stub server: {@code 127.0.0.1} is inside the trust boundary, {@code localhost} on the first port
 * a third party, {@code localhost} on the second port a safe third party. Every case runs STANDARD
 * (the stub's log shows the call and what it carried) and TRACE.
 */
class WebClientTraceTest {

  private static final int PORT = Stub.port();
  private static final int SAFE_PORT = Stub.otherPort();
  private static final String INTERNAL = "http://127.0.0.1:" + PORT + "/";
  private static final String THIRD_PARTY = "http://localhost:" + PORT + "/";
  private static final String SAFE = "http://localhost:" + SAFE_PORT + "/";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Inventory.class, WebClientResource.class, Stub.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.safe-hosts", "localhost:" + SAFE_PORT)
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.localhost.status", "201")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.localhost.body",
              "{\"id\":\"synthetic\"}");

  @Inject EffectChannels channels;

  private static Response call(String client, String url, boolean trace) {
    return (trace
            ? given().header("baggage", "request_type=TRACE,user_id=alice")
            : given().header("baggage", "user_id=alice"))
        .queryParam("url", url)
        .post("/webclient/" + client);
  }

  @Test
  void mutinyWebClientCallsThirdPartyForStandardOnlyAndWithoutTheContext() {
    Response standard = call("mutiny", THIRD_PARTY + "pay-mutiny-std", false);
    Response trace = call("mutiny", THIRD_PARTY + "pay-mutiny-trace", true);

    assertThat(standard.asString()).isEqualTo("200 real");
    assertThat(Stub.requestsTo("pay-mutiny-std")).singleElement().asString().endsWith(" -");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.asString()).isEqualTo("201 {\"id\":\"synthetic\"}");
    assertThat(Stub.requestsTo("pay-mutiny-trace")).isEmpty();
    assertThat(trace.header("Trace-Report")).contains("http=1").contains("violations=0");
  }

  @Test
  void coreWebClientAnswersTraceCallsToThirdPartiesWithTheSyntheticResponse() {
    Response standard = call("core", THIRD_PARTY + "pay-core-std", false);
    Response trace = call("core", THIRD_PARTY + "pay-core-trace", true);

    assertThat(standard.asString()).isEqualTo("200 real");
    assertThat(Stub.requestsTo("pay-core-std")).hasSize(1);
    assertThat(trace.asString()).isEqualTo("201 {\"id\":\"synthetic\"}");
    assertThat(Stub.requestsTo("pay-core-trace")).isEmpty();
  }

  @Test
  void internalHostsGetTheContextAndTraceCallsMustBeAcknowledged() {
    Response standard = call("mutiny", INTERNAL + "ack-internal-std", false);
    Response acknowledged = call("mutiny", INTERNAL + "ack-internal-trace", true);
    Response unacknowledged = call("core", INTERNAL + "plain-internal-trace", true);

    assertThat(standard.asString()).isEqualTo("200 real");
    assertThat(Stub.requestsTo("ack-internal-std"))
        .singleElement()
        .asString()
        .contains("user_id=alice")
        .doesNotContain("TRACE");
    assertThat(acknowledged.asString()).isEqualTo("200 real");
    assertThat(Stub.requestsTo("ack-internal-trace"))
        .singleElement()
        .asString()
        .contains("request_type=TRACE");
    assertThat(acknowledged.header("Trace-Report")).contains("http=1").contains("violations=0");
    assertThat(Stub.requestsTo("plain-internal-trace")).hasSize(1);
    assertThat(unacknowledged.statusCode()).isEqualTo(500);
    assertThat(unacknowledged.header("Trace-Report")).contains("violations=1");
  }

  @Test
  void safeThirdPartiesAreCalledUnderTraceWithoutTheContext() {
    Response trace = call("mutiny", SAFE + "safe-trace", true);

    assertThat(trace.asString()).isEqualTo("200 real");
    assertThat(Stub.requestsTo("safe-trace")).singleElement().asString().endsWith(" -");
  }

  @Test
  void theWebClientIsAGuardedChannelSoTraceRuns() {
    EffectChannel client = Inventory.channel(channels, Kind.HTTP_CLIENT, "vertx-web-client");
    assertThat(client.status()).isEqualTo(Status.GUARDED);
    assertThat(client.detail()).isEqualTo("every WebClient decides TRACE calls by destination");
    assertThat(Inventory.of(channels).unguarded()).isEmpty();
    assertThat(channels.policy().refusal()).isNull();
  }
}
