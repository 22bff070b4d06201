package io.contextkit.quarkus.reactive;

import static io.contextkit.quarkus.reactive.Requests.id;
import static io.contextkit.quarkus.reactive.Requests.standard;
import static io.contextkit.quarkus.reactive.Requests.trace;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reactive datasource's pool in the runtime dependency map, on a real PostgreSQL: statements
 * and connection checkouts through the Vert.x SQL client pool are counted on the {@code <default>}
 * datasource edge, timed, STANDARD and TRACE apart (a TRACE statement reaches the database, in a
 * transaction rolled back: a TRACE call, not a synthetic one). The application is shared with the
 * module's other tests, so the counts are read before and after.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ReactivePoolDependenciesTest {

  /** calls, traceCalls, syntheticCalls, errors of the default datasource's edge. */
  private static long[] counts() {
    List<Map<String, Object>> edges =
        given().get("/q/contextkit/dependencies").jsonPath().getList("edges");
    for (Map<String, Object> edge : edges) {
      if ("DATASOURCE".equals(edge.get("kind")) && "<default>".equals(edge.get("name"))) {
        assertThat(edge.get("latencyP50Millis")).isInstanceOf(Number.class);
        return new long[] {
          number(edge, "calls"),
          number(edge, "traceCalls"),
          number(edge, "syntheticCalls"),
          number(edge, "errors")
        };
      }
    }
    return new long[] {0, 0, 0, 0};
  }

  private static long number(Map<String, Object> edge, String key) {
    return ((Number) edge.get(key)).longValue();
  }

  @Test
  void poolStatementsAreCountedOnTheDatasourceWithTraceApart() {
    long[] before = counts();
    assertThat(standard().post("/notes/autocommit/dep-pool-std").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("dep-pool-std")).isEqualTo(1);
    long[] standard = counts();
    assertThat(standard[0] - before[0]).isPositive();
    assertThat(standard[1] - before[1]).isZero();
    assertThat(standard[3] - before[3]).isZero();

    assertThat(trace(id("dep-pool")).post("/notes/autocommit/dep-pool-trace").statusCode())
        .isEqualTo(200);
    assertThat(Rows.notes("dep-pool-trace")).isZero();
    long[] traced = counts();
    long calls = traced[0] - standard[0];
    assertThat(calls).isPositive();
    assertThat(traced[1] - standard[1]).isEqualTo(calls);
    assertThat(traced[2] - standard[2]).isZero();
  }

  @Test
  void transactionsCheckOutConnectionsCountedOnTheDatasource() {
    long[] before = counts();
    assertThat(standard().post("/notes/with-transaction/dep-tx-std").statusCode()).isEqualTo(200);
    long[] standard = counts();
    assertThat(standard[0] - before[0]).isPositive();
    assertThat(standard[1] - before[1]).isZero();

    assertThat(trace(id("dep-tx")).post("/notes/with-transaction/dep-tx-trace").statusCode())
        .isEqualTo(200);
    long[] traced = counts();
    assertThat(traced[1] - standard[1]).isEqualTo(traced[0] - standard[0]).isPositive();
  }
}
