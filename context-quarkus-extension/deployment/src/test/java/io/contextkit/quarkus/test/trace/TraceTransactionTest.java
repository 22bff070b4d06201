package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.runtime.internal.LogRecordContext;
import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TRACE against a real H2 database through Hibernate ORM, Narayana and Agroal (with the {@code
 * TraceGuardDriver} below the pool). Every case runs as STANDARD (the row is committed, seen from a
 * separate connection — the test is not vacuous) and as TRACE (the SQL ran, nothing is committed,
 * the response says so).
 */
class TraceTransactionTest {

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

  private JulLogCapture log;

  @BeforeEach
  void captureTraceLog() {
    log = JulLogCapture.onLogger("io.contextkit.trace");
    // Quarkus' handlers got ContextKit's log filter at startup; this late one gets it here.
    LogRecordContext.install();
  }

  private static Response post(String path, boolean trace) {
    return trace ? given().header("baggage", "request_type=TRACE").post(path) : given().post(path);
  }

  @Test
  void transactionalMethodCommitsForStandardAndFiresAfterSuccess() {
    Response response = post("/items/tx/std-1", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Rows.items("std-1")).isEqualTo(1);
    assertThat(ItemObserver.COMMITTED).contains("std-1");
    assertThat(response.header("Trace-Applied")).isNull();
    assertThat(log.messages()).isEmpty();
  }

  @Test
  void transactionalMethodIsFlushedAndRolledBackForTrace() {
    Response response = post("/items/tx/trace-1", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.asString()).isEqualTo("saved trace-1");
    assertThat(Rows.items("trace-1")).isZero();
    assertThat(ItemObserver.COMMITTED).doesNotContain("trace-1");
    assertThat(ItemObserver.FAILED).contains("trace-1");
    assertThat(response.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    // The SQL ran: the guard below the pool saw the insert as a statement of the TRACE request.
    assertThat(response.header("Trace-Report"))
        .startsWith("committed=false; transactions=1; statements=1")
        .endsWith("violations=0");
    assertThat(log.messages()).hasSize(1);
    assertThat(log.messages().get(0))
        .contains("committed=false")
        .contains("TRANSACTION jta: flushed, rolled back instead of commit");
    // The report line is a line of this request: grouped by request_id with the request's others.
    assertThat(log.lines())
        .extracting(line -> line.mdc().getOrDefault("request_id", "-"))
        .containsExactly(response.header("X-Request-Id"));
  }

  @Test
  void constraintViolationAtFlushSurfacesForTraceAsForStandard() {
    assertThat(post("/items/tx/dup-a", false).statusCode()).isEqualTo(200);
    assertThat(post("/items/tx/dup-b", false).statusCode()).isEqualTo(200);

    // The UPDATE runs at flush: for real at commit, for TRACE at the guard's flush.
    Response standard = post("/items/rename/dup-b/dup-a", false);
    Response trace = post("/items/rename/dup-b/dup-a", true);

    assertThat(standard.statusCode()).isEqualTo(500);
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(trace.header("Cache-Control")).isEqualTo("no-store");
    assertThat(trace.header("Trace-Report")).contains("committed=false");
    assertThat(Rows.items("dup-a")).isEqualTo(1);
    assertThat(Rows.items("dup-b")).isEqualTo(1);
  }

  @Test
  void dirtyEntityIsFlushedForTraceButNotCommitted() {
    assertThat(post("/items/tx/ren-1", false).statusCode()).isEqualTo(200);

    Response trace = post("/items/rename/ren-1/ren-2", true);
    assertThat(trace.statusCode()).isEqualTo(200);
    // The UPDATE ran (a statement of the TRACE request) and was rolled back.
    assertThat(trace.header("Trace-Report")).contains("transactions=1; statements=1");
    assertThat(Rows.items("ren-1")).isEqualTo(1);
    assertThat(Rows.items("ren-2")).isZero();

    assertThat(post("/items/rename/ren-1/ren-3", false).statusCode()).isEqualTo(200);
    assertThat(Rows.items("ren-3")).isEqualTo(1);
  }

  @Test
  void requiresNewInnerTransactionCommitsForStandardAndRollsBackForTrace() {
    assertThat(post("/items/nested/std-n", false).statusCode()).isEqualTo(200);
    Response trace = post("/items/nested/trace-n", true);

    assertThat(Rows.items("std-n")).isEqualTo(1);
    assertThat(Rows.items("std-n-inner")).isEqualTo(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(Rows.items("trace-n")).isZero();
    assertThat(Rows.items("trace-n-inner")).isZero();
    assertThat(trace.header("Trace-Report")).contains("transactions=2").contains("violations=0");
  }

  @Test
  void quarkusTransactionCommitsForStandardAndRollsBackForTrace() {
    assertThat(post("/items/programmatic/std-p", false).statusCode()).isEqualTo(200);
    Response trace = post("/items/programmatic/trace-p", true);

    assertThat(Rows.items("std-p")).isEqualTo(1);
    assertThat(Rows.items("std-p-joined")).isEqualTo(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(Rows.items("trace-p")).isZero();
    assertThat(Rows.items("trace-p-joined")).isZero();
    // One transaction, begun by QuarkusTransaction; the joined @Transactional method left it alone.
    assertThat(trace.header("Trace-Report"))
        .contains("transactions=1; statements=2")
        .contains("violations=0");
  }

  @Test
  void commitThroughAnUnguardedFrontDoorFailsTraceInsteadOfPersisting() {
    assertThat(post("/items/manual/std-m", false).statusCode()).isEqualTo(200);
    Response trace = post("/items/manual/trace-m", true);

    assertThat(Rows.items("std-m")).isEqualTo(1);
    assertThat(Rows.items("trace-m")).isZero();
    // The JTA backstop marked the transaction rollback-only at commit: the commit failed.
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(trace.header("Trace-Report")).contains("violations=1");
  }

  @Test
  void jdbcCommitReachingThePhysicalConnectionRollsBackForTrace() {
    assertThat(post("/items/jdbc-commit/std-c", false).statusCode()).isEqualTo(200);
    Response trace = post("/items/jdbc-commit/trace-c", true);

    assertThat(Rows.items("std-c")).isEqualTo(1);
    assertThat(Rows.items("trace-c")).isZero();
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.header("Trace-Report")).contains("statements=1").contains("violations=1");
  }

  @Test
  void autocommitJdbcWriteIsHeldAndReportedAsViolationForTrace() {
    assertThat(post("/items/jdbc/std-j", false).statusCode()).isEqualTo(200);
    Response trace = post("/items/jdbc/trace-j", true);

    assertThat(Rows.items("std-j")).isEqualTo(1);
    assertThat(Rows.items("trace-j")).isZero();
    // A write that reached the JDBC backstop is never a success.
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.header("Trace-Report")).contains("violations=1");
    // The STANDARD request after it, on the same pool, commits normally.
    assertThat(post("/items/jdbc/std-j2", false).statusCode()).isEqualTo(200);
    assertThat(Rows.items("std-j2")).isEqualTo(1);
  }

  /**
   * From a trusted peer, each of these asks for TRACE in a way the sender may not have meant; run
   * as STANDARD, any one of them would commit its row.
   */
  @Test
  void ambiguousTraceSignalsAreRejectedWith400AndCommitNothing() {
    assertThat(post("/items/tx/amb-std", false).statusCode()).isEqualTo(200);
    assertThat(Rows.items("amb-std")).isEqualTo(1);
    String[][] ambiguous = {
      {"Request_Type=TRACE"},
      {"REQUEST_TYPE=TRACE"},
      {"request_type=TRACE,request_type=STANDARD"},
      {"request_type=STANDARD", "request_type=TRACE"},
      {"request_type=trace"},
      {"request_type=%54RACE"},
      {"request_type=TRACE;x=y"},
      {"k=v,".repeat(64) + "request_type=TRACE"},
    };

    for (int i = 0; i < ambiguous.length; i++) {
      var request = given();
      for (String value : ambiguous[i]) {
        request.header("baggage", value);
      }
      Response response = request.post("/items/tx/amb-" + i);

      assertThat(response.statusCode()).as(String.join(" | ", ambiguous[i])).isEqualTo(400);
      assertThat(response.asString()).doesNotContain("TRACE");
      assertThat(Rows.items("amb-" + i)).as(String.join(" | ", ambiguous[i])).isZero();
    }
  }
}
