package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.spring.autoconfigure.trace.app.StubServer;
import io.contextkit.spring.autoconfigure.trace.app.TraceTestApplication;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Every case runs STANDARD first (the effect happens, so the test is not vacuous), then TRACE (no
 * effect). Absence is checked on a separate connection (row counts and a checksum of every table)
 * and in the request logs of the stub servers. Subclasses choose the database; each keeps one
 * Spring context for all cases.
 */
@SpringBootTest(
    classes = TraceTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.jpa.hibernate.ddl-auto=create-drop",
      "spring.datasource.hikari.maximum-pool-size=2",
      "contextkit.trust.internal-hosts=localhost",
      "contextkit.trust.signing.active-key-id=k1",
      "contextkit.trust.signing.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "contextkit.trace.synthetic-responses[127.0.0.1].status=201",
      "contextkit.trace.synthetic-responses[127.0.0.1].body={\"id\":\"ch_trace\"}"
    })
abstract class AbstractTraceIT {

  static final StubServer THIRD_PARTY = StubServer.start();
  static final StubServer UNACKED_INTERNAL = StubServer.start();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  private LogbackCapture reportLog;

  static void stubs(DynamicPropertyRegistry registry) {
    registry.add("test.third-party-url", () -> "http://127.0.0.1:" + THIRD_PARTY.port());
    registry.add("test.unacked-url", () -> "http://localhost:" + UNACKED_INTERNAL.port() + "/x");
  }

  /** A snapshot of the committed state, from a connection of its own. */
  abstract DatabaseSnapshot snapshot();

  @BeforeEach
  void captureReports() {
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

  HttpResponse<String> send(Mode mode, String method, String path) throws Exception {
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

  private static String reportHeader(HttpResponse<String> response) {
    return response.headers().firstValue("Trace-Report").orElse("");
  }

  @Test
  void orderIsPersistedAndChargedForRealButTraceLeavesNothing() throws Exception {
    int committed = TraceTestApplication.Listeners.AFTER_COMMIT.get();
    int rolledBack = TraceTestApplication.Listeners.AFTER_ROLLBACK.get();
    DatabaseSnapshot before = snapshot();
    int calls = THIRD_PARTY.log().size();

    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/orders?ref=o-std");
    assertThat(real.statusCode()).isEqualTo(201);
    assertThat(real.body()).contains("ch_real_").contains("\"chargeStatus\":200");
    assertThat(real.headers().firstValue("Trace-Applied")).isEmpty();
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before))
        .containsEntry("purchase_order", 1)
        .containsEntry("ticket", 1)
        .containsEntry("audit_log", 1);
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
    assertThat(TraceTestApplication.Listeners.AFTER_COMMIT.get()).isEqualTo(committed + 1);

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders?ref=o-trace");
    assertThat(trace.statusCode()).isEqualTo(201);
    // The synthetic response of the third party reached the controller.
    assertThat(trace.body()).contains("ch_trace").contains("\"chargeStatus\":201");
    assertThat(trace.body()).contains("available");
    assertThat(snapshot()).isEqualTo(afterReal);
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
    assertThat(TraceTestApplication.Listeners.AFTER_COMMIT.get()).isEqualTo(committed + 1);
    assertThat(TraceTestApplication.Listeners.AFTER_ROLLBACK.get()).isEqualTo(rolledBack + 1);

    assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(trace.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(reportHeader(trace))
        .isEqualTo(
            "committed=false; transactions=1; statements=3; entities=2; http=2; messages=0; mail=0; cache=0;"
                + " sessions=0; violations=0");
    List<ILoggingEvent> events = reportLog.events();
    // The caller's report only: the internal hop's request recorded nothing, so its report line is
    // at DEBUG (its response still carried Trace-Applied, or the caller had failed closed).
    assertThat(events).hasSize(1);
    ILoggingEvent event = events.get(events.size() - 1);
    assertThat(event.getFormattedMessage()).contains("committed=false");
    Map<String, Object> kv = new java.util.LinkedHashMap<>();
    event.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
    assertThat(kv).containsEntry("trace.transactions", 1L).containsEntry("trace.http_calls", 2L);
    assertThat(String.valueOf(kv.get("trace.effects")))
        .contains("TRANSACTION transactionManager")
        .contains("HTTP_CALL 127.0.0.1:" + THIRD_PARTY.port())
        .contains("sent as TRACE");
  }

  @Test
  void mergeAndRemoveChangeRowsOnlyForStandard() throws Exception {
    assertThat(send(Mode.STANDARD, "POST", "/stock/sku-a?quantity=5").statusCode()).isEqualTo(200);
    assertThat(send(Mode.STANDARD, "POST", "/stock/sku-b?quantity=5").statusCode()).isEqualTo(200);
    DatabaseSnapshot before = snapshot();

    assertThat(send(Mode.STANDARD, "POST", "/stock/sku-a?quantity=7").statusCode()).isEqualTo(200);
    assertThat(send(Mode.STANDARD, "DELETE", "/stock/sku-a").statusCode()).isEqualTo(200);
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before)).containsEntry("stock", -1);

    HttpResponse<String> merge = send(Mode.TRACE, "POST", "/stock/sku-b?quantity=9");
    HttpResponse<String> remove = send(Mode.TRACE, "DELETE", "/stock/sku-b");
    assertThat(merge.statusCode()).isEqualTo(200);
    assertThat(remove.statusCode()).isEqualTo(200);
    assertThat(reportHeader(merge)).contains("transactions=1; statements=1; entities=1");
    assertThat(reportHeader(remove)).contains("transactions=1; statements=1; entities=1");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void constraintViolationGivesTheSameStatusForBoth() throws Exception {
    assertThat(send(Mode.STANDARD, "POST", "/tickets?code=dup").statusCode()).isEqualTo(201);
    DatabaseSnapshot before = snapshot();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/tickets?code=dup");
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/tickets?code=dup");
    assertThat(real.statusCode()).isEqualTo(409);
    assertThat(trace.statusCode()).isEqualTo(real.statusCode());
    assertThat(trace.body()).isEqualTo(real.body());
    assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(snapshot()).isEqualTo(before);
    // And a fresh code in TRACE passes the constraint but leaves nothing.
    assertThat(send(Mode.TRACE, "POST", "/tickets?code=fresh").statusCode()).isEqualTo(201);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void requiresNewInnerTransactionIsRolledBackToo() throws Exception {
    DatabaseSnapshot before = snapshot();
    assertThat(send(Mode.STANDARD, "POST", "/orders/inner?ref=in-std").statusCode()).isEqualTo(200);
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before))
        .containsEntry("purchase_order", 1)
        .containsEntry("ticket", 1);

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders/inner?ref=in-trace");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(reportHeader(trace)).contains("transactions=2");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void participatingRollbackOnlyFailsTheSameWayForBoth() throws Exception {
    DatabaseSnapshot before = snapshot();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/orders/swallowed?ref=sw-std");
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders/swallowed?ref=sw-trace");
    assertThat(real.statusCode()).isEqualTo(409);
    assertThat(real.body()).isEqualTo("UnexpectedRollbackException");
    assertThat(trace.statusCode()).isEqualTo(real.statusCode());
    assertThat(trace.body()).isEqualTo(real.body());
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void transactionTemplateWriteIsRolledBack() throws Exception {
    DatabaseSnapshot before = snapshot();
    assertThat(send(Mode.STANDARD, "POST", "/orders/template?ref=tt-std").statusCode())
        .isEqualTo(200);
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before)).containsEntry("audit_log", 1);

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders/template?ref=tt-trace");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(reportHeader(trace)).contains("transactions=1; statements=1;");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void autocommitJdbcWriteReachesTheBackstopAndFailsTheTraceRequest() throws Exception {
    DatabaseSnapshot before = snapshot();
    assertThat(send(Mode.STANDARD, "POST", "/orders/autocommit?ref=ac-std").statusCode())
        .isEqualTo(200);
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before)).containsEntry("audit_log", 1);

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders/autocommit?ref=ac-trace");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(reportHeader(trace)).startsWith("committed=false").doesNotEndWith("violations=0");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void asyncWorkStartedByTraceRequestDoesNotWrite() throws Exception {
    DatabaseSnapshot before = snapshot();
    int done = TraceTestApplication.AsyncWriter.COMPLETED.get();
    assertThat(send(Mode.STANDARD, "POST", "/orders/async?ref=as-std").statusCode()).isEqualTo(202);
    awaitAsync(done + 1);
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before)).containsEntry("audit_log", 1);

    assertThat(send(Mode.TRACE, "POST", "/orders/async?ref=as-trace").statusCode()).isEqualTo(202);
    awaitAsync(done + 2);
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  private static void awaitAsync(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (TraceTestApplication.AsyncWriter.COMPLETED.get() < count) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void concurrentTraceAndStandardRequestsOnTwoConnectionsPersistOnlyStandardRows()
      throws Exception {
    DatabaseSnapshot before = snapshot();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Mode mode = i % 2 == 0 ? Mode.STANDARD : Mode.TRACE;
        String path = "/orders/plain?ref=cc-" + mode + "-" + i;
        Callable<HttpResponse<String>> call = () -> send(mode, "POST", path);
        results.add(pool.submit(call));
      }
      for (Future<HttpResponse<String>> r : results) {
        assertThat(r.get().statusCode()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    DatabaseSnapshot after = snapshot();
    assertThat(after.minus(before)).containsEntry("purchase_order", 6);
  }

  @Test
  void unacknowledgedInternalCalleeTurnsTraceIntoAnError() throws Exception {
    DatabaseSnapshot before = snapshot();
    int received = UNACKED_INTERNAL.log().size();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/orders?ref=un-std&internal=unacked");
    assertThat(real.statusCode()).isEqualTo(201);
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before)).containsEntry("purchase_order", 1);

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders?ref=un-trace&internal=unacked");
    assertThat(trace.statusCode()).isGreaterThanOrEqualTo(500);
    assertThat(reportHeader(trace)).contains("violations=1");
    // It was asked as TRACE (internal hosts receive the request), and did not say it applied it.
    assertThat(UNACKED_INTERNAL.log()).hasSize(received + 2);
    assertThat(UNACKED_INTERNAL.log().get(received + 1)).contains("request_type=TRACE");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void failedRollbackAnswers500WithCommittedUnknown() throws Exception {
    DatabaseSnapshot before = snapshot();
    assertThat(send(Mode.STANDARD, "POST", "/orders/careless?ref=rb-std").body()).isEqualTo("ok");
    DatabaseSnapshot afterReal = snapshot();
    assertThat(afterReal.minus(before)).containsEntry("purchase_order", 1);

    TraceTestApplication.FAIL_NEXT_ROLLBACK.set(true);
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/orders/careless?ref=rb-trace");
    assertThat(TraceTestApplication.FAIL_NEXT_ROLLBACK).isFalse();
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(reportHeader(trace)).startsWith("committed=unknown");
    assertThat(trace.body()).contains("committed=unknown");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void untrustedTraceIsRefusedAndMalformedIsRejectedBeforeAnythingRuns() throws Exception {
    DatabaseSnapshot before = snapshot();
    int calls = THIRD_PARTY.log().size();
    HttpRequest untrusted =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders?ref=untrusted"))
            .header("baggage", "request_type=TRACE")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpRequest malformed =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders?ref=malformed"))
            .header("baggage", "request_type=DRYRUN")
            .header("Authorization", basic("tracer"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    assertThat(CLIENT.send(untrusted, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    assertThat(CLIENT.send(malformed, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(400);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(THIRD_PARTY.log()).hasSize(calls);
  }

  /**
   * Each of these asks for TRACE in a way the caller may not have meant (or a proxy may have
   * mangled): with the TRACE permission, any one of them run as STANDARD would write for real.
   */
  @Test
  void ambiguousTraceSignalsAreRejectedWith400AndWriteNothing() throws Exception {
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/orders?ref=o-ambiguous-std");
    assertThat(real.statusCode()).isEqualTo(201);
    DatabaseSnapshot before = snapshot();
    int calls = THIRD_PARTY.log().size();
    StringBuilder fillers = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      fillers.append("k").append(i).append("=v,");
    }
    String[][] ambiguous = {
      {"Request_Type=TRACE"},
      {"REQUEST_TYPE=TRACE"},
      {"request_type=TRACE,request_type=STANDARD"},
      {"request_type=STANDARD,request_type=TRACE"},
      {"request_type=TRACE", "request_type=TRACE"},
      {"request_type=trace"},
      {"request_type=%54RACE"},
      {"request_type=TRACE;x=y"},
      {fillers + "request_type=TRACE"},
    };

    for (String[] baggage : ambiguous) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders?ref=o-ambiguous"))
              .header("Authorization", basic("tracer"))
              .POST(HttpRequest.BodyPublishers.noBody());
      for (String value : baggage) {
        b.header("baggage", value);
      }
      HttpResponse<String> response = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(String.join(" | ", baggage)).isEqualTo(400);
      assertThat(response.body()).doesNotContain("TRACE", "trace");
    }
    assertThat(snapshot()).isEqualTo(before);
    assertThat(THIRD_PARTY.log()).hasSize(calls);
  }
}
