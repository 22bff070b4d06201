package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.LogLine;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every TRACE response carries {@code Trace-Applied}, {@code Cache-Control: no-store} and {@code
 * Trace-Report}, whatever its status; a violation while Quarkus REST would already be streaming the
 * body still turns it into a 500 (the body is held); a transaction that only read is counted apart.
 * Write cases run STANDARD first (the row is committed, read on a separate connection), then TRACE
 * (it is not).
 */
class HeldResponsesTest {

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
                      HeldResource.class,
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
  }

  private static Response get(String path, boolean trace) {
    return trace
        ? given().redirects().follow(false).header("baggage", "request_type=TRACE").get(path)
        : given().redirects().follow(false).get(path);
  }

  private static void assertTraceHeaders(Response response) {
    assertThat(response.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Trace-Report")).startsWith("committed=");
  }

  @Test
  void aRedirectCarriesTheReport() {
    Response trace = get("/held/redirect", true);

    assertThat(trace.statusCode()).isEqualTo(303);
    assertThat(trace.header("Location")).endsWith("/held/elsewhere");
    assertTraceHeaders(trace);
  }

  @Test
  void aClientErrorCarriesTheReport() {
    Response trace = get("/held/missing", true);

    assertThat(trace.statusCode()).isEqualTo(404);
    assertTraceHeaders(trace);
  }

  @Test
  void aServerErrorCarriesTheReport() {
    Response trace = get("/held/boom", true);

    assertThat(trace.statusCode()).isEqualTo(500);
    assertTraceHeaders(trace);
  }

  @Test
  void aViolationWhileAMultiIsStreamedTurnsTheResponseIntoA500() {
    Response standard = get("/held/stream/std-multi", false);
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.asString()).isEqualTo("[a,b]");
    assertThat(Rows.items("std-multi")).isEqualTo(1);

    Response trace = get("/held/stream/trace-multi", true);
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.asString())
        .isEqualTo("TRACE request: a side effect reached a backstop, see Trace-Report");
    assertTraceHeaders(trace);
    assertThat(trace.header("Trace-Report")).contains("statements=1").endsWith("violations=1");
    assertThat(Rows.items("trace-multi")).isZero();
  }

  @Test
  void aViolationInServerSentEventsResetsTheStreamInsteadOfCompletingIt() {
    Response standard = get("/held/events/std-events", false);
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.asString()).contains("data:a").contains("data:b");
    assertThat(Rows.items("std-events")).isEqualTo(1);

    // Its headers went out before the first event: it cannot become a 500, so it must not end as
    // a complete stream either.
    assertThatThrownBy(() -> get("/held/events/trace-events", true).asString())
        .isInstanceOf(Exception.class);
    assertThat(Rows.items("trace-events")).isZero();
  }

  @Test
  void aMultiWithoutViolationIsAnsweredWholeWithTheReport() {
    Response standard = get("/held/letters", false);
    Response trace = get("/held/letters", true);

    assertThat(standard.asString()).isEqualTo("[a,b,c]");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.asString()).isEqualTo(standard.asString());
    assertTraceHeaders(trace);
    assertThat(trace.header("Trace-Report")).endsWith("violations=0");
  }

  @Test
  void aTraceRequestThatRecordedNothingWritesItsReportLineAtDebugOnlyWithTheSameContent() {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.contextkit.trace");
    Level configured = logger.getLevel();
    try {
      logger.setLevel(Level.INFO);
      Response atInfo = get("/held/redirect", true);
      assertThat(atInfo.statusCode()).isEqualTo(303);
      assertTraceHeaders(atInfo);
      assertThat(atInfo.header("Trace-Report")).isEqualTo(NOTHING_SUPPRESSED);
      assertThat(reportLines(atInfo)).as("no INFO report line").isEmpty();

      logger.setLevel(Level.FINE);
      Response standard = get("/held/redirect", false);
      assertThat(standard.statusCode()).isEqualTo(303);
      assertThat(reportLines(standard)).as("a STANDARD request has no report").isEmpty();
      Response atDebug = get("/held/redirect", true);
      assertThat(atDebug.statusCode()).isEqualTo(303);
      assertTraceHeaders(atDebug);
      assertThat(reportLines(atDebug))
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.level()).isEqualTo("DEBUG");
                assertThat(line.formatted())
                    .contains(": " + NOTHING_SUPPRESSED + " ")
                    .contains("trace.committed=false")
                    .contains("trace.effects=[]");
              });
    } finally {
      logger.setLevel(configured);
    }
  }

  @Test
  void aTraceRequestThatRecordedATransactionWritesItsReportLineAtInfo() {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.contextkit.trace");
    Level configured = logger.getLevel();
    try {
      logger.setLevel(Level.INFO);
      Response trace = get("/held/output/trace-info-line", true);
      assertThat(trace.statusCode()).isEqualTo(500);
      assertThat(Rows.items("trace-info-line")).isZero();
      assertThat(reportLines(trace))
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.level()).isEqualTo("INFO");
                assertThat(line.formatted()).contains("statements=1").contains("violations=1");
              });
    } finally {
      logger.setLevel(configured);
    }
  }

  private static final String NOTHING_SUPPRESSED =
      "committed=false; transactions=0; statements=0; entities=0; http=0; messages=0; mail=0;"
          + " cache=0; sessions=0; violations=0";

  private static String requestId(Response response) {
    String id = response.header("X-Request-Id");
    assertThat(id).isNotBlank();
    return id;
  }

  /** The report lines of the request {@code response} answered, whatever their level. */
  private List<LogLine> reportLines(Response response) {
    String prefix = "TRACE request " + requestId(response) + ": ";
    List<LogLine> lines = new ArrayList<>();
    for (LogLine line : log.lines()) {
      if (line.formatted().startsWith(prefix)) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void aViolationAfterAStreamingOutputOutgrewTheBufferTurnsTheResponseIntoA500() {
    Response standard = get("/held/output/std-output", false);
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.asString()).hasSize(HeldResource.LARGE);
    assertThat(Rows.items("std-output")).isEqualTo(1);

    Response trace = get("/held/output/trace-output", true);
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.asString())
        .isEqualTo("TRACE request: a side effect reached a backstop, see Trace-Report");
    assertTraceHeaders(trace);
    assertThat(trace.header("Trace-Report")).endsWith("violations=1");
    assertThat(Rows.items("trace-output")).isZero();
  }

  @Test
  void aTransactionThatOnlyReadIsCountedApart() {
    Response trace = get("/held/count", true);

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Report")).startsWith("committed=false; transactions=0;");
    assertThat(log.messages()).hasSize(1);
    assertThat(log.messages().get(0))
        .contains("trace.read_only_transactions=1")
        .contains("READ_ONLY_TRANSACTION jta: no write statement, rolled back");
  }
}
