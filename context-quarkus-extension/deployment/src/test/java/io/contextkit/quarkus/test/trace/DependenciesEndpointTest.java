package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime dependency map of a Quarkus application, fed by real REST client calls to a real stub
 * server and read from {@code /q/contextkit/dependencies}: one edge per host and port, the internal
 * host told apart from the third party, TRACE calls (answered synthetically) counted apart, the
 * configured cap and the application's name in the report.
 */
class DependenciesEndpointTest {

  private static final int PORT = Stub.port();
  private static final String INTERNAL = "http://127.0.0.1:" + PORT;
  private static final String THIRD_PARTY = "http://localhost:" + PORT;

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(OutboundResource.class, StubClient.class, Stub.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.application.name", "deps-test")
          .overrideConfigKey("quarkus.application.version", "9.9.9")
          .overrideRuntimeConfigKey("quarkus.contextkit.dependencies.max-edges", "50")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.localhost.status", "201")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.localhost.body", "{\"id\":\"s\"}");

  private static Response call(String base, String path, boolean trace) {
    return (trace ? given().header("baggage", "request_type=TRACE") : given())
        .queryParam("base", base)
        .queryParam("path", path)
        .post("/out/rest");
  }

  private static Map<String, Object> edge(JsonPath report, String kind, String name) {
    List<Map<String, Object>> edges = report.getList("edges");
    return edges.stream()
        .filter(e -> kind.equals(e.get("kind")) && name.equals(e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no edge " + kind + " " + name + " in " + edges));
  }

  @Test
  void restClientCallsAreCountedPerHostWithTraceCallsApart() {
    assertThat(call(INTERNAL, "deps-a", false).statusCode()).isEqualTo(200);
    assertThat(call(INTERNAL, "deps-b", false).statusCode()).isEqualTo(200);
    assertThat(call(THIRD_PARTY, "deps-c", false).statusCode()).isEqualTo(200);
    Response trace = call(THIRD_PARTY, "deps-d", true);
    assertThat(trace.asString()).isEqualTo("{\"id\":\"s\"}");

    Response response = given().get("/q/contextkit/dependencies");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonPath report = response.jsonPath();
    assertThat(report.getString("service")).isEqualTo("deps-test");
    assertThat(report.getString("version")).isEqualTo("9.9.9");
    assertThat(report.getInt("maxEdges")).isEqualTo(50);
    assertThat(report.getInt("format")).isEqualTo(1);

    Map<String, Object> internal = edge(report, "INTERNAL_SERVICE", "127.0.0.1:" + PORT);
    assertThat(internal)
        .containsEntry("direction", "CALLED")
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 0)
        .containsEntry("errors", 0);
    assertThat(internal.get("latencyP99Millis")).isInstanceOf(Number.class);
    Map<String, Object> thirdParty = edge(report, "THIRD_PARTY", "localhost:" + PORT);
    // The TRACE call got the synthetic response: counted once, as synthetic, no latency sample.
    assertThat(thirdParty)
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1)
        .containsEntry("syntheticCalls", 1)
        .containsEntry("errors", 0);
    assertThat(thirdParty.get("latencyP50Millis")).isEqualTo(thirdParty.get("latencyP99Millis"));
    assertThat(internal).containsEntry("syntheticCalls", 0);
  }

  @Test
  void otherMethodsAreRefused() {
    assertThat(given().post("/q/contextkit/dependencies").statusCode()).isEqualTo(405);
  }
}
