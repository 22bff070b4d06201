package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.contextkit.spring.autoconfigure.trace.reactive.ReactiveTraceTestApplication;
import io.contextkit.testsupport.LogbackCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * TRACE on a WebFlux + Spring Data R2DBC application against a real PostgreSQL server (embedded,
 * over TCP), through a real Reactor Netty server and real HTTP clients. Every case runs STANDARD
 * first — the write is visible on a separate JDBC connection, so the test is not vacuous — then
 * TRACE, which leaves the tables unchanged and answers with the report headers.
 */
@DirtiesContext
@SpringBootTest(
    classes = ReactiveTraceTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive"})
class WebFluxR2dbcTraceIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final String CLEAN =
      "committed=false; transactions=%d; statements=%d; entities=0; http=0; messages=0; mail=0;"
          + " cache=0; sessions=0; violations=0";

  @LocalServerPort int port;

  private LogbackCapture reportLog;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ReactivePostgres.jdbcUrl();
    ReactivePostgres.properties(registry);
  }

  @BeforeEach
  void captureReports() {
    ReactivePostgres.execute("DELETE FROM r_item");
    ReactivePostgres.execute("DELETE FROM r_ledger");
    reportLog = LogbackCapture.attach(TraceReports.LOGGER);
  }

  @AfterEach
  void stopCapture() {
    reportLog.close();
  }

  enum Mode {
    STANDARD,
    TRACE
  }

  private HttpResponse<String> send(Mode mode, String method, String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (mode == Mode.TRACE) {
      b.header("baggage", "request_type=TRACE").header("Authorization", basic("tracer"));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
  }

  private static String report(HttpResponse<?> response) {
    return response.headers().firstValue("Trace-Report").orElse("");
  }

  private static void assertTraceHeaders(HttpResponse<?> response) {
    assertThat(response.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(report(response)).startsWith("committed=");
  }

  private static ReactivePostgres.Rows items() {
    return ReactivePostgres.rows("r_item");
  }

  private static ReactivePostgres.Rows ledger() {
    return ReactivePostgres.rows("r_ledger");
  }

  /** A STANDARD write on {@code path}, then the same as TRACE; returns the TRACE response. */
  private HttpResponse<String> standardThenTrace(String method, String path, int expectedStatus)
      throws Exception {
    ReactivePostgres.Rows itemsBefore = items();
    ReactivePostgres.Rows ledgerBefore = ledger();
    HttpResponse<String> real = send(Mode.STANDARD, method, path.replace("NAME", "std"));
    assertThat(real.statusCode()).as(real.body()).isEqualTo(expectedStatus);
    assertThat(real.headers().firstValue("Trace-Applied")).isEmpty();
    assertThat(real.headers().firstValue("Trace-Report")).isEmpty();
    ReactivePostgres.Rows itemsAfterReal = items();
    ReactivePostgres.Rows ledgerAfterReal = ledger();
    assertThat(List.of(itemsAfterReal, ledgerAfterReal))
        .as("the STANDARD request wrote")
        .isNotEqualTo(List.of(itemsBefore, ledgerBefore));

    HttpResponse<String> trace = send(Mode.TRACE, method, path.replace("NAME", "trace"));
    assertThat(trace.statusCode()).as(trace.body()).isEqualTo(expectedStatus);
    assertThat(items()).isEqualTo(itemsAfterReal);
    assertThat(ledger()).isEqualTo(ledgerAfterReal);
    assertTraceHeaders(trace);
    assertThat(reportLog.events()).hasSize(1);
    assertThat(reportLog.events().get(0).getFormattedMessage()).contains(report(trace));
    return trace;
  }

  @Test
  void repositorySaveIsPersistedForRealAndRolledBackUnderTrace() throws Exception {
    // A repository called without a transaction of the caller's runs in autocommit (Spring Data
    // R2DBC applies no transaction to its repository proxies): the connection factory guard holds
    // it.
    HttpResponse<String> trace = standardThenTrace("POST", "/items?name=NAME-repo", 201);
    // The real response shape: the row was inserted (the id came from the database), then rolled
    // back.
    assertThat(trace.body()).contains("\"name\":\"trace-repo\"").contains("\"id\":");
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 1));
    assertThat(String.valueOf(reportLog.events().get(0).getKeyValuePairs()))
        .contains("STATEMENT \"r_item\": INSERT \"r_item\"")
        .contains("autocommit work rolled back at close");
  }

  @Test
  void transactionalServiceWithRepositoryAndDatabaseClient() throws Exception {
    HttpResponse<String> trace = standardThenTrace("POST", "/items/tx?name=NAME-tx", 200);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 2));
  }

  @Test
  void transactionalOperator() throws Exception {
    HttpResponse<String> trace = standardThenTrace("POST", "/items/operator?name=NAME-op", 200);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 2));
  }

  @Test
  void databaseClientInATransaction() throws Exception {
    HttpResponse<String> trace = standardThenTrace("POST", "/ledger?name=NAME-dbc", 200);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 1));
  }

  @Test
  void transactionalControllerMethod() throws Exception {
    HttpResponse<String> trace =
        standardThenTrace("POST", "/items/controller-tx?name=NAME-ctl", 200);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 2));
  }

  @Test
  void writeStartedAfterPublishOnAndSubscribeOnHopsIsStillTrace() throws Exception {
    HttpResponse<String> trace = standardThenTrace("POST", "/items/hops?name=NAME-hop", 200);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 1));
  }

  @Test
  void updateAndDeleteAreRolledBackUnderTrace() throws Exception {
    ReactivePostgres.execute("INSERT INTO r_item (id, name) VALUES (1001, 'keep'), (1002, 'gone')");
    ReactivePostgres.Rows before = items();
    HttpResponse<String> renamed = send(Mode.TRACE, "PUT", "/items/1001?name=renamed");
    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(renamed.body()).contains("renamed");
    HttpResponse<String> deleted = send(Mode.TRACE, "DELETE", "/items/1002");
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertTraceHeaders(deleted);
    assertThat(items()).isEqualTo(before);
    assertThat(report(renamed)).isEqualTo(CLEAN.formatted(1, 1));
    assertThat(report(deleted)).isEqualTo(CLEAN.formatted(1, 1));

    assertThat(send(Mode.STANDARD, "PUT", "/items/1001?name=renamed").statusCode()).isEqualTo(200);
    assertThat(send(Mode.STANDARD, "DELETE", "/items/1002").statusCode()).isEqualTo(204);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name = 'renamed'"))
        .isEqualTo(1);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE id = 1002")).isZero();
  }

  @Test
  void autocommitDatabaseClientWriteIsHeldByTheConnectionFactoryGuard() throws Exception {
    // No transaction at all: the R2DBC guard holds the write in a transaction of its own and
    // rolls it back when the connection goes back to the pool.
    HttpResponse<String> trace = standardThenTrace("POST", "/ledger/autocommit?name=NAME-ac", 200);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 1));
    assertThat(String.valueOf(reportLog.events().get(0).getKeyValuePairs()))
        .contains("autocommit work rolled back at close");
  }

  @Test
  void commitBehindTheTransactionManagerIsAViolationAnd500() throws Exception {
    ReactivePostgres.Rows before = ledger();
    assertThat(send(Mode.STANDARD, "POST", "/violation?name=v-std").statusCode()).isEqualTo(200);
    ReactivePostgres.Rows afterReal = ledger();
    assertThat(afterReal.count()).isEqualTo(before.count() + 1);

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/violation?name=v-trace");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertTraceHeaders(trace);
    assertThat(report(trace))
        .isEqualTo(
            "committed=false; transactions=1; statements=1; entities=0; http=0; messages=0;"
                + " mail=0; cache=0; sessions=0; violations=1");
    assertThat(ledger()).isEqualTo(afterReal);
    assertThat(String.valueOf(reportLog.events().get(0).getKeyValuePairs()))
        .contains("commitTransaction() reached the R2DBC connection under TRACE");
  }

  @Test
  void redirectCarriesTheTraceHeaders() throws Exception {
    HttpResponse<String> trace = standardThenTrace("POST", "/items/redirect?name=NAME-redir", 303);
    assertThat(trace.headers().firstValue("Location"))
        .hasValueSatisfying(l -> l.startsWith("/items/"));
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 1));
  }

  @Test
  void errorAnsweredBySpringBootsErrorHandlerCarriesTheTraceHeaders() throws Exception {
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/items/fail?name=fail-std");
    assertThat(real.statusCode()).isEqualTo(500);
    // The service's transaction committed before the controller failed.
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name = 'fail-std'"))
        .isEqualTo(1);
    ReactivePostgres.Rows before = items();
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/items/fail?name=fail-trace");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertTraceHeaders(trace);
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 2));
    assertThat(items()).isEqualTo(before);

    HttpResponse<String> missing = send(Mode.TRACE, "PUT", "/items/424242?name=x");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertTraceHeaders(missing);
  }

  @Test
  void uniqueViolationGivesTheSameStatusForBoth() throws Exception {
    ReactivePostgres.execute("INSERT INTO r_item (name) VALUES ('taken')");
    ReactivePostgres.Rows before = items();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/items?name=taken");
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/items?name=taken");
    assertThat(real.statusCode()).isEqualTo(409);
    assertThat(trace.statusCode()).isEqualTo(real.statusCode());
    assertThat(trace.body()).isEqualTo(real.body());
    assertTraceHeaders(trace);
    assertThat(items()).isEqualTo(before);
  }

  @Test
  void streamedServerSentEventsUnderTraceGetTheirHeadersAndWriteNothing() {
    WebClient client = WebClient.create("http://127.0.0.1:" + port);
    ResponseEntity<List<String>> real =
        client
            .get()
            .uri("/items/stream?prefix=sse-std-&count=150")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .toEntityList(String.class)
            .block(Duration.ofSeconds(30));
    assertThat(real).isNotNull();
    assertThat(real.getBody()).hasSize(150);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'sse-std-%'"))
        .isEqualTo(150);

    ResponseEntity<List<String>> trace =
        client
            .get()
            .uri("/items/stream?prefix=sse-trace-&count=150")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .header("baggage", "request_type=TRACE")
            .header(HttpHeaders.AUTHORIZATION, basic("tracer"))
            .retrieve()
            .toEntityList(String.class)
            .block(Duration.ofSeconds(30));
    assertThat(trace).isNotNull();
    assertThat(trace.getStatusCode().value()).isEqualTo(200);
    assertThat(trace.getBody()).hasSize(150);
    assertThat(trace.getHeaders().getFirst("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(trace.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
    assertThat(trace.getHeaders().getFirst("Trace-Report")).isEqualTo(CLEAN.formatted(1, 150));
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'sse-trace-%'"))
        .isZero();
  }

  @Test
  void lateViolationTurnsAStreamedTraceResponseInto500() throws Exception {
    HttpResponse<String> real =
        send(Mode.STANDARD, "GET", "/items/stream-late-violation?prefix=late-std-&count=20");
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'late-std-%'"))
        .isEqualTo(20);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_ledger WHERE item = 'late-std--raw'"))
        .isEqualTo(1);

    HttpResponse<String> trace =
        send(Mode.TRACE, "GET", "/items/stream-late-violation?prefix=late-trace-&count=20");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertTraceHeaders(trace);
    assertThat(report(trace)).endsWith("violations=1");
    // None of the 20 streamed elements reached the client: the held body was replaced.
    assertThat(trace.body()).doesNotContain("late-trace-");
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'late-trace-%'"))
        .isZero();
    assertThat(
            ReactivePostgres.count("SELECT count(*) FROM r_ledger WHERE item LIKE 'late-trace%'"))
        .isZero();
  }

  @Test
  void transactionalControllerStreamIsReportedAfterItsTransactionEnded() throws Exception {
    HttpResponse<String> trace =
        standardThenTrace("POST", "/items/controller-stream?prefix=NAME-cs-&count=25", 200);
    assertThat(trace.body().lines()).hasSize(25);
    // transactions=1: the report was read after the rollback that ended the stream's transaction.
    assertThat(report(trace)).isEqualTo(CLEAN.formatted(1, 25));
  }

  @Test
  void standardResponsesAreNotHeld() {
    WebClient client = WebClient.create("http://127.0.0.1:" + port);
    // The first event arrives long before the stream (and its transaction) ends: nothing holds a
    // STANDARD response.
    String first =
        client
            .get()
            .uri("/items/stream?prefix=first-std-&count=400")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(String.class)
            .next()
            .block(Duration.ofSeconds(30));
    assertThat(first).contains("first-std-0");
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'first-std-%'"))
        .isLessThan(400);
  }

  @Test
  void concurrentStandardAndTraceRequestsNeverMix() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Mode mode = i % 2 == 0 ? Mode.STANDARD : Mode.TRACE;
        String path = "/items/tx?name=" + (mode == Mode.TRACE ? "cc-trace-" : "cc-std-") + i;
        Callable<HttpResponse<String>> call = () -> send(mode, "POST", path);
        futures.add(pool.submit(call));
      }
      for (int i = 0; i < futures.size(); i++) {
        HttpResponse<String> response = futures.get(i).get();
        assertThat(response.statusCode()).isEqualTo(200);
        if (i % 2 == 0) {
          assertThat(response.headers().firstValue("Trace-Applied")).isEmpty();
        } else {
          assertThat(report(response)).isEqualTo(CLEAN.formatted(1, 2));
        }
      }
    } finally {
      pool.shutdown();
    }
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'cc-std-%'"))
        .isEqualTo(20);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_ledger WHERE item LIKE 'cc-std-%'"))
        .isEqualTo(20);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'cc-trace-%'"))
        .isZero();
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_ledger WHERE item LIKE 'cc-trace-%'"))
        .isZero();
    assertThat(reportLog.events()).hasSize(20);
  }
}
