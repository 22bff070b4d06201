package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections of the default datasource (H2 behind the TRACE guard driver) in the runtime
 * dependency map: a STANDARD and a TRACE {@code @Transactional} request each check connections out
 * of the pool, counted on the {@code <default>} edge with the TRACE ones apart.
 */
class DataSourceDependenciesTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      Item.class,
                      ItemSaved.class,
                      ItemObserver.class,
                      ItemService.class,
                      ItemResource.class,
                      Rows.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.datasource.db-kind", "h2")
          .overrideConfigKey(
              "quarkus.datasource.jdbc.driver", "io.contextkit.quarkus.runtime.TraceGuardDriver")
          .overrideRuntimeConfigKey("quarkus.datasource.jdbc.url", Rows.URL)
          .overrideRuntimeConfigKey("quarkus.datasource.username", "sa")
          .overrideRuntimeConfigKey(
              "quarkus.hibernate-orm.schema-management.strategy", "drop-and-create")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  private static long[] counts() {
    List<Map<String, Object>> edges =
        given().get("/q/contextkit/dependencies").jsonPath().getList("edges");
    for (Map<String, Object> edge : edges) {
      if ("DATASOURCE".equals(edge.get("kind")) && "<default>".equals(edge.get("name"))) {
        return new long[] {
          ((Number) edge.get("calls")).longValue(), ((Number) edge.get("traceCalls")).longValue()
        };
      }
    }
    return new long[] {0, 0};
  }

  @Test
  void connectionsOfStandardAndTraceRequestsAreCountedApart() {
    long[] before = counts();
    given().post("/items/tx/dep-std").then().statusCode(200);
    long[] afterStandard = counts();
    given()
        .header("baggage", "request_type=TRACE")
        .post("/items/tx/dep-trace")
        .then()
        .statusCode(200);
    long[] afterTrace = counts();

    assertThat(afterStandard[0] - before[0]).isPositive();
    assertThat(afterStandard[1] - before[1]).isZero();
    long traceCalls = afterTrace[0] - afterStandard[0];
    assertThat(traceCalls).isPositive();
    assertThat(afterTrace[1] - afterStandard[1]).isEqualTo(traceCalls);
  }
}
