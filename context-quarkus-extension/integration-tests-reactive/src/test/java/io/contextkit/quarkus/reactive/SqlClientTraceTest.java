package io.contextkit.quarkus.reactive;

import static io.contextkit.quarkus.reactive.Requests.id;
import static io.contextkit.quarkus.reactive.Requests.standard;
import static io.contextkit.quarkus.reactive.Requests.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TRACE through the Vert.x SQL client used directly (the Mutiny pool and the bare pool Quarkus
 * creates for the reactive datasource) on a real PostgreSQL: each write STANDARD first, committed
 * and seen on a separate JDBC connection, then TRACE: the SQL ran, nothing is committed.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SqlClientTraceTest {

  private JulLogCapture log;

  @BeforeEach
  void captureReports() {
    log = JulLogCapture.onLogger("io.contextkit.trace");
  }

  private static void assertTraced(Response response, String report) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.asString()).isEqualTo("1");
    assertThat(response.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Trace-Report")).startsWith(report).endsWith("violations=0");
  }

  @Test
  void poolWithTransactionCommitsForStandardAndRollsBackForTrace() {
    assertThat(standard().post("/notes/with-transaction/wt-std").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("wt-std")).isEqualTo(1);

    String request = id("wt");
    Response traced = trace(request).post("/notes/with-transaction/wt-trace");

    assertTraced(traced, "committed=false; transactions=1; statements=1; entities=0");
    assertThat(Rows.notes("wt-trace")).isZero();
    assertThat(log.firstStartingWith("TRACE request " + request + ":"))
        .contains("STATEMENT note: INSERT note")
        .contains("TRANSACTION reactive: rolled back instead of commit");
  }

  @Test
  void beginAndCommitOnAConnectionRollsBackForTrace() {
    assertThat(standard().post("/notes/begin-commit/bc-std").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("bc-std")).isEqualTo(1);

    Response traced = trace(id("bc")).post("/notes/begin-commit/bc-trace");

    assertTraced(traced, "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("bc-trace")).isZero();
  }

  @Test
  void barePoolTransactionRollsBackForTrace() {
    assertThat(standard().post("/notes/bare/bare-std").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("bare-std")).isEqualTo(1);

    Response traced = trace(id("bare")).post("/notes/bare/bare-trace");

    assertTraced(traced, "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("bare-trace")).isZero();
  }

  @Test
  void driverConnectionTypeStaysUsableAndGuarded() {
    assertThat(standard().post("/notes/pg-connection/pg-std").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("pg-std-true")).isEqualTo(1);

    Response traced = trace(id("pg")).post("/notes/pg-connection/pg-trace");

    assertTraced(traced, "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("pg-trace-true")).isZero();
  }

  @Test
  void autocommitStatementsOnThePoolAreHeldAndRolledBackForTrace() {
    assertThat(standard().post("/notes/autocommit/ac-std").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("ac-std")).isEqualTo(1);

    String insert = id("ac-insert");
    assertTraced(
        trace(insert).post("/notes/autocommit/ac-trace"),
        "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("ac-trace")).isZero();
    assertThat(log.firstStartingWith("TRACE request " + insert + ":"))
        .contains("TRANSACTION reactive: autocommit work rolled back");

    assertTraced(
        trace(id("ac-update")).put("/notes/autocommit/ac-std/ac-renamed"),
        "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("ac-std")).isEqualTo(1);
    assertThat(Rows.notes("ac-renamed")).isZero();

    assertTraced(
        trace(id("ac-delete")).delete("/notes/autocommit/ac-std"),
        "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("ac-std")).isEqualTo(1);

    assertThat(standard().delete("/notes/autocommit/ac-std").asString()).isEqualTo("1");
    assertThat(Rows.notes("ac-std")).isZero();
  }

  @Test
  void autocommitStatementsOnOneConnectionReadTheirOwnWritesForTrace() {
    Response standard = standard().post("/notes/connection-autocommit/ca-std");
    assertThat(standard.asString()).isEqualTo("1");
    assertThat(Rows.notes("ca-std")).isEqualTo(1);

    Response traced = trace(id("ca")).post("/notes/connection-autocommit/ca-trace");

    // The SELECT after the INSERT sees it, as it would for real; nothing is committed.
    assertTraced(traced, "committed=false; transactions=1; statements=1");
    assertThat(Rows.notes("ca-trace")).isZero();
  }

  @Test
  void uniqueViolationSurfacesForTraceAsForStandard() {
    assertThat(standard().post("/notes/autocommit/uv").statusCode()).isEqualTo(200);

    Response standardDuplicate = standard().post("/notes/autocommit/uv");
    Response traceDuplicate = trace(id("uv")).post("/notes/autocommit/uv");
    Response traceInTransaction = trace(id("uv-tx")).post("/notes/with-transaction/uv");

    assertThat(standardDuplicate.statusCode()).isEqualTo(500);
    assertThat(traceDuplicate.statusCode()).isEqualTo(500);
    assertThat(traceInTransaction.statusCode()).isEqualTo(500);
    assertThat(traceDuplicate.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(traceDuplicate.header("Trace-Report")).startsWith("committed=false;");
    assertThat(Rows.notes("uv")).isEqualTo(1);

    // The text a TRACE insert used is still free: its row was rolled back, not committed.
    assertThat(trace(id("uv-free")).post("/notes/with-transaction/uv-free").statusCode())
        .isEqualTo(200);
    assertThat(standard().post("/notes/with-transaction/uv-free").statusCode()).isEqualTo(200);
    assertThat(Rows.notes("uv-free")).isEqualTo(1);
  }

  @Test
  void ddlIsRejectedForTraceAndNothingIsCreated() {
    String request = id("ddl");
    Response traced = trace(request).post("/notes/ddl");

    assertThat(traced.statusCode()).isEqualTo(500);
    assertThat(traced.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(traced.header("Trace-Report")).endsWith("violations=1");
    assertThat(log.firstStartingWith("TRACE request " + request + ":"))
        .contains("VIOLATION reactive: rejected CREATE TABLE: commits implicitly");
    assertThat(Rows.tableExists("trace_ddl")).isFalse();
  }

  @Test
  void violationTheApplicationRecoversFromStillTurnsTheResponseIntoAnError() {
    Response traced = trace(id("ddl-recovered")).post("/notes/ddl-recovered");

    // The application answered 200 ("0"), but a TRACE response with a violation is never a success.
    assertThat(traced.statusCode()).isEqualTo(500);
    assertThat(traced.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(traced.header("Trace-Report")).endsWith("violations=1");
    assertThat(Rows.tableExists("ddl_recovered")).isFalse();

    Response standard = standard().post("/notes/ddl-recovered");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.asString()).isEqualTo("1");
    assertThat(Rows.tableExists("ddl_recovered")).isTrue();
  }

  @Test
  void writesStartedOnOtherThreadsStayTrace() {
    for (String hop : List.of("emit-on", "run-subscription-on", "plain-executor")) {
      assertThat(standard().post("/notes/" + hop + "/" + hop + "-std").statusCode())
          .as(hop)
          .isEqualTo(200);
      assertThat(Rows.notes(hop + "-std")).as(hop).isEqualTo(1);

      Response traced = trace(id(hop)).post("/notes/" + hop + "/" + hop + "-trace");

      assertTraced(traced, "committed=false; transactions=1; statements=1");
      assertThat(Rows.notes(hop + "-trace")).as(hop).isZero();
    }
  }

  @Test
  void concurrentTraceAndStandardRequestsOnOnePoolDoNotMix() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String path = (i % 3 == 0 ? "/notes/with-transaction/" : "/notes/autocommit/") + "cc-";
        String standardText = "std-" + i;
        String traceText = "trace-" + i;
        calls.add(() -> standard().post(path + standardText));
        calls.add(() -> trace(id("cc")).post(path + traceText));
      }
      List<Future<Response>> results = clients.invokeAll(calls);
      for (int i = 0; i < results.size(); i++) {
        Response response = results.get(i).get();
        assertThat(response.statusCode()).as("call %d", i).isEqualTo(200);
        boolean traced = i % 2 == 1;
        assertThat(response.header("Trace-Applied") != null).as("call %d", i).isEqualTo(traced);
      }
    } finally {
      clients.shutdownNow();
    }
    for (int i = 0; i < 24; i++) {
      assertThat(Rows.notes("cc-std-" + i)).as("standard %d", i).isEqualTo(1);
      assertThat(Rows.notes("cc-trace-" + i)).as("trace %d", i).isZero();
    }
  }
}
