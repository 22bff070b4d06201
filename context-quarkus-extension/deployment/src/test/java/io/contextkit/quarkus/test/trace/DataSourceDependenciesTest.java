package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
                      Rows.class,
                      AuditResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.datasource.db-kind", "h2")
          .overrideConfigKey(
              "quarkus.datasource.jdbc.driver", "io.contextkit.quarkus.runtime.TraceGuardDriver")
          .overrideRuntimeConfigKey("quarkus.datasource.jdbc.url", Rows.URL)
          .overrideRuntimeConfigKey("quarkus.datasource.username", "sa")
          .overrideRuntimeConfigKey(
              "quarkus.hibernate-orm.schema-management.strategy", "drop-and-create")
          .overrideConfigKey("quarkus.datasource.audit.db-kind", "h2")
          .overrideRuntimeConfigKey(
              "quarkus.datasource.audit.jdbc.url", "jdbc:h2:mem:deps-audit;DB_CLOSE_DELAY=-1")
          .overrideRuntimeConfigKey("quarkus.datasource.audit.username", "sa")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  private static long[] counts() {
    return counts("<default>");
  }

  private static long[] counts(String dataSource) {
    List<Map<String, Object>> edges =
        given().get("/q/contextkit/dependencies").jsonPath().getList("edges");
    for (Map<String, Object> edge : edges) {
      if ("DATASOURCE".equals(edge.get("kind")) && dataSource.equals(edge.get("name"))) {
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

  @Test
  void connectionsOfANamedDatasourceAreCountedUnderItsNameOnlyOnceUsed() {
    // Created at startup, never used yet: no edge.
    assertThat(counts("audit")).containsExactly(0, 0);
    long[] defaultBefore = counts();

    given().post("/audit/query").then().statusCode(200);
    long[] afterStandard = counts("audit");
    given().header("baggage", "request_type=TRACE").post("/audit/query").then().statusCode(200);
    long[] afterTrace = counts("audit");

    assertThat(afterStandard).containsExactly(1, 0);
    assertThat(afterTrace).containsExactly(2, 1);
    // The named datasource's connections are not the default one's.
    assertThat(counts()).containsExactly(defaultBefore);
  }

  /** Runs one query on a connection of the named datasource {@code audit}. */
  @Path("/audit")
  public static class AuditResource {

    @Inject
    @io.quarkus.agroal.DataSource("audit")
    AgroalDataSource audit;

    @POST
    @Path("/query")
    public String query() throws Exception {
      try (Connection connection = audit.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select 1")) {
        rows.next();
        return Integer.toString(rows.getInt(1));
      }
    }
  }
}
