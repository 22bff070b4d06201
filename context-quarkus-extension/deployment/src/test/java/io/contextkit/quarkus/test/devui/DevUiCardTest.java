package io.contextkit.quarkus.test.devui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.devui.tests.DevUIBuildTimeDataTest;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ContextKit card of a real Dev UI in dev mode: its build-time data (served as the namespace's
 * {@code -data.js} module) and its JSON-RPC methods, called over the Dev UI's WebSocket protocol.
 */
public class DevUiCardTest {

  private static final String NAMESPACE = "context-quarkus";

  private static final String SECRET =
      Base64.getEncoder()
          .encodeToString("never-shown-0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII));

  @RegisterExtension
  static final QuarkusDevModeTest APP =
      new QuarkusDevModeTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(PingResource.class, SelfCallResource.class)
                      .addAsResource(
                          new StringAsset(
                              String.join(
                                  "\n",
                                  "quarkus.devservices.enabled=false",
                                  "quarkus.contextkit.trust.internal-hosts="
                                      + "*.svc.cluster.local,inventory:8081",
                                  "quarkus.contextkit.trust.untrusted-trace-id-mode=continue",
                                  "quarkus.contextkit.trust.signing.active-key-id=k2",
                                  "quarkus.contextkit.trust.signing.keys.k1=" + SECRET,
                                  "quarkus.contextkit.trust.signing.keys.k2=" + SECRET,
                                  "quarkus.contextkit.baggage.max-value-bytes=32",
                                  "quarkus.contextkit.messaging.kafka.enabled=false",
                                  "quarkus.contextkit.flags.checkout.state=ENABLED",
                                  "quarkus.contextkit.flags.checkout.variants.on=true",
                                  "quarkus.contextkit.flags.checkout.variants.off=false",
                                  "quarkus.contextkit.flags.checkout.default-variant=off",
                                  "quarkus.contextkit.flags.broken.variants.on=true",
                                  "quarkus.contextkit.flags.broken.targeting="
                                      + "{\"regex\":[{\"var\":\"email\"},\"x\"]}",
                                  "")),
                          "application.properties"));

  @Test
  public void buildTimeDataShowTheConfiguredTrustBoundaryWithKeyIdsOnly() throws Exception {
    BuildTimeData data = new BuildTimeData();
    Map<String, String> trust = settings(data.getBuildTimeData("trustBoundary"));

    assertThat(trust)
        .containsEntry("trust.internal-hosts", "*.svc.cluster.local, inventory:8081")
        .containsEntry("trust.untrusted-trace-id-mode", "continue")
        .containsEntry("trust.third-party-policy", "trace-context")
        .containsEntry("trust.signing.active-key-id", "k2")
        .containsEntry("trust.signing.key-ids", "k1, k2");
    String module =
        RestAssured.get("/q/dev-ui/" + NAMESPACE + "-data.js").then().extract().asString();
    assertThat(module).contains("trustBoundary").doesNotContain(SECRET);
  }

  private static final String TRACER_BAGGAGE =
      "Tracer kept off the baggage header (quarkus-opentelemetry)";

  @Test
  public void buildTimeDataListTheIntegrationsThisBuildWired() throws Exception {
    JsonNode rows = new BuildTimeData().getBuildTimeData("integrations");
    Map<String, Boolean> active = new HashMap<>();
    Map<String, String> detail = new HashMap<>();
    for (JsonNode row : rows) {
      active.put(row.get("integration").asText(), row.get("active").asBoolean());
      detail.put(row.get("integration").asText(), row.get("detail").asText());
    }

    // This module's test class path holds every optional extension but quarkus-opentelemetry (its
    // tests have their own module): otherwise only configuration turns one off here.
    assertThat(active)
        .containsEntry("REST server (Quarkus REST)", true)
        .containsEntry("REST client", true)
        .containsEntry("TRACE transactions: flush, then roll back", true)
        .containsEntry("Kafka (SmallRye Reactive Messaging)", false)
        .containsEntry("TRACE requests served (kill switch)", true)
        .containsEntry(TRACER_BAGGAGE, false);
    assertThat(detail)
        .containsEntry(
            "Kafka (SmallRye Reactive Messaging)",
            "off: quarkus.contextkit.messaging.kafka.enabled=false")
        .containsEntry(TRACER_BAGGAGE, "off: needs quarkus-opentelemetry");
  }

  @Test
  public void countersMethodReadsTheLiveCountersAtCallTime() throws Exception {
    DevUIJsonRPCTest rpc = new DevUIJsonRPCTest(NAMESPACE);
    Map<String, Long> before = counters(rpc.executeJsonRPCMethod("getCounters"));
    long totalBefore = rpc.executeJsonRPCMethod("getDroppedTotal").asLong();

    given()
        .header("baggage", "note=" + "x".repeat(100) + ",user_id=admin,account_id=root")
        .get("/ping")
        .then()
        .statusCode(200);
    given().header("baggage", "request_type=TRACE").get("/ping").then().statusCode(403);

    Map<String, Long> after = counters(rpc.executeJsonRPCMethod("getCounters"));
    assertThat(after.get("baggage.dropped-entries"))
        .isEqualTo(before.get("baggage.dropped-entries") + 1);
    assertThat(after.get("trust.untrusted-fields-dropped"))
        .isGreaterThan(before.get("trust.untrusted-fields-dropped"));
    assertThat(after.get("trace.refused-untrusted"))
        .isEqualTo(before.get("trace.refused-untrusted") + 1);
    assertThat(rpc.executeJsonRPCMethod("getDroppedTotal").asLong()).isGreaterThan(totalBefore);
  }

  @Test
  public void trustBoundaryMethodShowsWhatThePropagatorEnforcesWithoutSecrets() throws Exception {
    JsonNode rows = new DevUIJsonRPCTest(NAMESPACE).executeJsonRPCMethod("getTrustBoundary");
    Map<String, String> enforced = settings(rows);

    assertThat(enforced)
        .containsEntry("trust.internal-hosts", "*.svc.cluster.local, inventory:8081")
        .containsEntry("trust.untrusted-trace-id-mode", "continue")
        .containsEntry("trust.signing.key-ids", "k1, k2")
        .containsEntry("baggage.max-value-bytes", "32")
        .containsEntry("trace.enabled", "true");
    assertThat(rows.toString()).doesNotContain(SECRET);
  }

  @Test
  public void effectChannelsMethodListsThePolicyAndEveryChannelWithItsStatus() throws Exception {
    DevUIJsonRPCTest rpc = new DevUIJsonRPCTest(NAMESPACE);
    JsonNode rows = rpc.executeJsonRPCMethod("getEffectChannels");
    Map<String, String> status = new HashMap<>();
    Map<String, String> safeKey = new HashMap<>();
    for (JsonNode row : rows) {
      String channel = row.get("kind").asText() + " " + row.get("name").asText();
      status.put(channel, row.get("status").asText());
      safeKey.put(channel, row.get("safeKey").asText());
    }

    assertThat(status)
        .containsEntry("policy trace.unguarded-channels", "refuse")
        .containsEntry("transaction-manager narayana", "GUARDED")
        .containsEntry("http-client quarkus-rest-client", "GUARDED");
    assertThat(safeKey)
        .containsEntry(
            "transaction-manager narayana",
            "quarkus.contextkit.trace.safe-channels.transaction-manager.\"narayana\"");
    assertThat(rpc.executeJsonRPCMethod("getEffectChannelsLabel").asText())
        .contains("guarded")
        .contains("0 unguarded");
  }

  @Test
  public void flagsMethodListsTheDefinitionsAsResolved() throws Exception {
    JsonNode rows = new DevUIJsonRPCTest(NAMESPACE).executeJsonRPCMethod("getFlags");

    assertThat(rows).hasSize(2);
    JsonNode checkout = rows.get(1);
    assertThat(checkout.get("key").asText()).isEqualTo("checkout");
    assertThat(checkout.get("state").asText()).isEqualTo("ENABLED");
    assertThat(checkout.get("type").asText()).isEqualTo("BOOLEAN");
    assertThat(checkout.get("defaultVariant").asText()).isEqualTo("off");
    assertThat(checkout.get("variants").get("on").asBoolean()).isTrue();
    assertThat(checkout.get("status").asText()).isEqualTo("VALID");
    assertThat(checkout.get("problems")).isEmpty();
    // A flag that loaded with an invalid targeting rule shows as such, with the problem.
    JsonNode broken = rows.get(0);
    assertThat(broken.get("key").asText()).isEqualTo("broken");
    assertThat(broken.get("status").asText()).isEqualTo("INVALID");
    assertThat(broken.get("problems").get(0).asText())
        .startsWith("ERROR: unsupported operator \"regex\"");
  }

  @Test
  public void dependenciesMethodListsTheEdgesOfTheDependencyReport() throws Exception {
    DevUIJsonRPCTest rpc = new DevUIJsonRPCTest(NAMESPACE);
    String self = given().get("/self-call").then().statusCode(200).extract().asString();
    assertThat(self).isEqualTo("200 pong");
    given().get("/self-call").then().statusCode(200);

    JsonNode rows = rpc.executeJsonRPCMethod("getDependencies");
    // The same edge, in the same numbers, as the dependencies endpoint reports it.
    JsonNode report =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(given().get("/q/contextkit/dependencies").then().extract().asString());
    JsonNode reported = report.get("edges").get(0);
    assertThat(rows).hasSize(report.get("edges").size());
    JsonNode row = rows.get(0);
    assertThat(row.get("target").asText()).isEqualTo(reported.get("name").asText());
    // The test reaches the application at localhost, outside the configured internal hosts.
    assertThat(row.get("kind").asText()).isEqualTo("THIRD_PARTY");
    assertThat(row.get("direction").asText()).isEqualTo("CALLED");
    assertThat(row.get("calls").asLong()).isEqualTo(2).isEqualTo(reported.get("calls").asLong());
    assertThat(row.get("errors").asLong()).isZero();
    assertThat(row.get("traceCalls").asLong()).isZero();
    assertThat(row.get("syntheticCalls").asLong()).isZero();
    assertThat(row.get("p50Millis").isNumber()).isTrue();
    assertThat(row.get("p99Millis").asDouble())
        .isEqualTo(reported.get("latencyP99Millis").asDouble());
    assertThat(row.get("firstSeen").asText()).isEqualTo(reported.get("firstSeen").asText());
    assertThat(row.get("lastSeen").asText()).isNotEmpty();
    assertThat(rpc.executeJsonRPCMethod("getDependenciesLabel").asText())
        .isEqualTo(rows.size() + (rows.size() == 1 ? " edge" : " edges"));
  }

  @Test
  public void cardRegistersItsLivePagesAndServesTheirComponent() {
    String devUi =
        RestAssured.get("/q/dev-ui/devui-data.js").then().statusCode(200).extract().asString();
    assertThat(devUi)
        .contains("\"componentRef\":\"./../" + NAMESPACE + "/qwc-contextkit-live.js\"")
        .contains("\"method\":\"getCounters\"")
        .contains("\"method\":\"getTrustBoundary\"")
        .contains("\"method\":\"getFlags\"")
        .contains("\"method\":\"getEffectChannels\"")
        .contains("\"method\":\"getDependencies\"")
        .contains("\"dynamicLabel\":\"getDependenciesLabel\"")
        .contains("\"dynamicLabel\":\"getDroppedTotal\"")
        .contains("\"dynamicLabel\":\"getEffectChannelsLabel\"");
    // The method names the page's JsonRpc proxy is allowed to call.
    String methods =
        RestAssured.get("/q/dev-ui/devui-jsonrpc-data.js")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(methods)
        .contains("\"" + NAMESPACE + "_getCounters\"")
        .contains("\"" + NAMESPACE + "_getTrustBoundary\"")
        .contains("\"" + NAMESPACE + "_getFlags\"")
        .contains("\"" + NAMESPACE + "_getDroppedTotal\"")
        .contains("\"" + NAMESPACE + "_getEffectChannels\"")
        .contains("\"" + NAMESPACE + "_getDependencies\"");

    String component =
        RestAssured.get("/q/dev-ui/" + NAMESPACE + "/qwc-contextkit-live.js")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(component).contains("customElements.define('qwc-contextkit-live'");
  }

  private static Map<String, String> settings(JsonNode rows) {
    assertThat(rows).as("rows").isNotNull();
    Map<String, String> settings = new HashMap<>();
    for (JsonNode row : rows) {
      settings.put(row.get("setting").asText(), row.get("value").asText());
    }
    return settings;
  }

  private static Map<String, Long> counters(JsonNode rows) {
    Map<String, Long> values = new HashMap<>();
    for (JsonNode row : rows) {
      values.put(row.get("counter").asText(), row.get("value").asLong());
    }
    return values;
  }

  /** The Dev UI's build-time data reader, for this extension's namespace. */
  private static final class BuildTimeData extends DevUIBuildTimeDataTest {
    BuildTimeData() {
      super(NAMESPACE);
    }
  }
}
