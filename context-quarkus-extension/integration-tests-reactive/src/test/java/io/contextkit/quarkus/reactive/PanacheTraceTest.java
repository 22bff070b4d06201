package io.contextkit.quarkus.reactive;

import static io.contextkit.quarkus.reactive.Requests.id;
import static io.contextkit.quarkus.reactive.Requests.json;
import static io.contextkit.quarkus.reactive.Requests.standard;
import static io.contextkit.quarkus.reactive.Requests.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TRACE through Hibernate Reactive with Panache on a real PostgreSQL: every write runs as STANDARD
 * first (committed: seen on a separate JDBC connection) and then as TRACE (its SQL ran — the report
 * lists the entity and the statement — and nothing is committed).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class PanacheTraceTest {

  private JulLogCapture log;

  @BeforeEach
  void captureReports() {
    log = JulLogCapture.onLogger("io.contextkit.trace");
  }

  private static void assertTraceHeaders(Response response) {
    assertThat(response.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void activeRecordInsertCommitsForStandardAndRollsBackForTrace() {
    assertThat(standard().body(json("apple")).post("/fruits").statusCode()).isEqualTo(201);
    assertThat(Rows.fruits("apple")).isEqualTo(1);

    String request = id("ar-insert");
    Response traced = trace(request).body(json("banana")).post("/fruits");

    assertThat(traced.statusCode()).isEqualTo(201);
    long id = traced.jsonPath().getLong("id");
    assertThat(Rows.fruits("banana")).isZero();
    assertTraceHeaders(traced);
    assertThat(traced.header("Trace-Report"))
        .startsWith("committed=false; transactions=1; statements=1; entities=1;")
        .endsWith("violations=0");
    assertThat(log.firstStartingWith("TRACE request " + request + ":"))
        .contains("ENTITY Fruit: Fruit#" + id + " insert")
        .contains("STATEMENT Fruit: INSERT Fruit")
        .contains("TRANSACTION reactive: rolled back instead of commit");
  }

  @Test
  void activeRecordUpdateAndDeleteCommitForStandardAndRollBackForTrace() {
    long id = standard().body(json("cherry")).post("/fruits").jsonPath().getLong("id");

    String rename = id("ar-update");
    Response renamed = trace(rename).body(json("sour-cherry")).put("/fruits/" + id);
    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(renamed.jsonPath().getString("name")).isEqualTo("sour-cherry");
    assertTraceHeaders(renamed);
    assertThat(Rows.fruits("cherry")).isEqualTo(1);
    assertThat(Rows.fruits("sour-cherry")).isZero();
    assertThat(log.firstStartingWith("TRACE request " + rename + ":"))
        .contains("ENTITY Fruit: Fruit#" + id + " update");

    String delete = id("ar-delete");
    Response deleted = trace(delete).delete("/fruits/" + id);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertTraceHeaders(deleted);
    assertThat(Rows.fruits("cherry")).isEqualTo(1);
    assertThat(deleted.header("Trace-Report")).contains("transactions=1; statements=1");

    assertThat(standard().body(json("morello")).put("/fruits/" + id).statusCode()).isEqualTo(200);
    assertThat(Rows.fruits("morello")).isEqualTo(1);
    assertThat(standard().delete("/fruits/" + id).statusCode()).isEqualTo(204);
    assertThat(Rows.fruits("morello")).isZero();
  }

  @Test
  void repositoryWithPanacheWithTransactionCommitsForStandardAndRollsBackForTrace() {
    long id = standard().body(json("leek")).post("/vegetables").jsonPath().getLong("id");
    assertThat(Rows.vegetables("leek")).isEqualTo(1);

    String insert = id("repo-insert");
    Response inserted = trace(insert).body(json("kale")).post("/vegetables");
    assertThat(inserted.statusCode()).isEqualTo(201);
    assertTraceHeaders(inserted);
    assertThat(Rows.vegetables("kale")).isZero();
    assertThat(log.firstStartingWith("TRACE request " + insert + ":"))
        .contains("ENTITY Vegetable: Vegetable#" + inserted.jsonPath().getLong("id") + " insert");

    Response renamed = trace(id("repo-update")).body(json("chard")).put("/vegetables/" + id);
    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(Rows.vegetables("leek")).isEqualTo(1);
    assertThat(Rows.vegetables("chard")).isZero();

    Response deleted = trace(id("repo-delete")).delete("/vegetables/" + id);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(Rows.vegetables("leek")).isEqualTo(1);

    assertThat(standard().delete("/vegetables/" + id).statusCode()).isEqualTo(204);
    assertThat(Rows.vegetables("leek")).isZero();
  }

  @Test
  void sessionFactoryTransactionAndPlainFlushRollBackForTrace() {
    assertThat(standard().post("/session-factory/transaction/plum").statusCode()).isEqualTo(200);
    assertThat(standard().post("/session-factory/flush/pear").statusCode()).isEqualTo(200);
    assertThat(Rows.fruits("plum")).isEqualTo(1);
    assertThat(Rows.fruits("pear")).isEqualTo(1);

    Response inTransaction = trace(id("sf-tx")).post("/session-factory/transaction/quince");
    String flushRequest = id("sf-flush");
    Response flushed = trace(flushRequest).post("/session-factory/flush/medlar");

    assertThat(inTransaction.statusCode()).isEqualTo(200);
    assertThat(flushed.statusCode()).isEqualTo(200);
    assertThat(Rows.fruits("quince")).isZero();
    assertThat(Rows.fruits("medlar")).isZero();
    assertThat(inTransaction.header("Trace-Report"))
        .contains("transactions=1; statements=1; entities=1");
    // The flush outside a transaction: its insert was held and rolled back with the connection.
    assertThat(flushed.header("Trace-Report"))
        .contains("statements=1; entities=1")
        .endsWith("violations=0");
    assertThat(log.firstStartingWith("TRACE request " + flushRequest + ":"))
        .contains("TRANSACTION reactive: autocommit work rolled back");
  }

  @Test
  void uniqueViolationSurfacesForTraceAsForStandard() {
    assertThat(standard().body(json("damson")).post("/fruits").statusCode()).isEqualTo(201);

    Response standardDuplicate = standard().body(json("damson")).post("/fruits");
    Response traceDuplicate = trace(id("dup")).body(json("damson")).post("/fruits");

    assertThat(standardDuplicate.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(traceDuplicate.statusCode()).isEqualTo(standardDuplicate.statusCode());
    assertTraceHeaders(traceDuplicate);
    assertThat(traceDuplicate.header("Trace-Report")).contains("committed=false");
    assertThat(Rows.fruits("damson")).isEqualTo(1);

    // The name a TRACE insert used is still free: its row was rolled back, not committed.
    assertThat(trace(id("free")).body(json("sloe")).post("/fruits").statusCode()).isEqualTo(201);
    assertThat(standard().body(json("sloe")).post("/fruits").statusCode()).isEqualTo(201);
    assertThat(Rows.fruits("sloe")).isEqualTo(1);
  }
}
