package io.contextkit.spring.autoconfigure.trace.held;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.contextkit.testsupport.LogbackCapture;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * TRACE responses are held until the unit of work has ended, on a real Tomcat with a real HTTP
 * client: whatever commits a servlet response early (a redirect, {@code sendError}, a flush, a
 * large body, an emitter), the TRACE response carries {@code Trace-Applied}, {@code Cache-Control:
 * no-store} and {@code Trace-Report}, and a violation found after the application wrote its body
 * still turns it into a 500. Every write case runs STANDARD first (the row is committed, read on a
 * connection of its own), then TRACE (nothing is). STANDARD responses are not held.
 */
@SpringBootTest(
    classes = NotesApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=" + HeldResponseIT.URL,
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "spring.sql.init.mode=always",
      "spring.sql.init.schema-locations=classpath:held-responses/schema.sql",
      "contextkit.trust.trusted-peers=127.0.0.1,::1",
      "management.endpoints.web.exposure.include=contextkit,metrics"
    })
class HeldResponseIT {

  static final String URL = "jdbc:h2:mem:held-responses;DB_CLOSE_DELAY=-1";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  private LogbackCapture reports;

  @BeforeEach
  void captureReports() {
    reports = LogbackCapture.attach(TraceReports.LOGGER);
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

  private HttpRequest.Builder request(boolean trace, String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (trace) {
      b.header("baggage", "request_type=TRACE");
    }
    return b;
  }

  private HttpResponse<String> get(boolean trace, String path, String... headers) throws Exception {
    HttpRequest.Builder b = request(trace, path).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postForm(boolean trace, String path, String text) throws Exception {
    String form = "text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    return CLIENT.send(
        request(trace, path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Rows with {@code text}, read on a connection straight from the driver. */
  private static int rows(String text) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "sa", "");
        PreparedStatement s = c.prepareStatement("select count(*) from note where text = ?")) {
      s.setString(1, text);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void assertTraceHeaders(HttpResponse<?> response) {
    assertThat(response.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("Trace-Report")).isPresent();
  }

  private static String report(HttpResponse<?> response) {
    return response.headers().firstValue("Trace-Report").orElse("");
  }

  private List<String> reportEffects() {
    List<String> effects = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(reports.events())) {
      if (event.getKeyValuePairs() == null) {
        continue;
      }
      event.getKeyValuePairs().stream()
          .filter(kv -> kv.key.equals("trace.effects"))
          .forEach(kv -> ((List<?>) kv.value).forEach(e -> effects.add(String.valueOf(e))));
    }
    return effects;
  }

  @Test
  void formPostRedirectsWithTheReportOnThe302AndWritesNothingWhileStandardWrites()
      throws Exception {
    HttpResponse<String> standard = postForm(false, "/notes", "std-form");
    assertThat(standard.statusCode()).isEqualTo(302);
    assertThat(standard.headers().firstValue("Location"))
        .hasValueSatisfying(l -> l.endsWith("/notes"));
    assertThat(standard.headers().firstValue("Trace-Applied")).isEmpty();
    assertThat(rows("std-form")).isEqualTo(1);

    HttpResponse<String> trace = postForm(true, "/notes", "trace-form");
    assertThat(trace.statusCode()).isEqualTo(302);
    assertThat(trace.headers().firstValue("Location"))
        .hasValueSatisfying(l -> l.endsWith("/notes"));
    assertTraceHeaders(trace);
    assertThat(report(trace))
        .startsWith("committed=false; transactions=1; statements=1;")
        .endsWith("violations=0");
    assertThat(trace.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(rows("trace-form")).isZero();

    // The GET the browser follows the redirect with: the page, read-only, under TRACE too.
    HttpResponse<String> page = get(true, "/notes");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<li>std-form</li>").doesNotContain("trace-form");
    assertTraceHeaders(page);
  }

  @Test
  void sendErrorStillRendersBootsErrorPageWithTheReport() throws Exception {
    HttpResponse<String> standard = get(false, "/missing", "Accept", "application/json");
    assertThat(standard.statusCode()).isEqualTo(404);
    assertThat(standard.body()).contains("\"status\":404").contains("\"path\":\"/missing\"");

    HttpResponse<String> trace = get(true, "/missing", "Accept", "application/json");
    assertThat(trace.statusCode()).isEqualTo(404);
    // Boot's error controller answered it, through the ERROR dispatch, as for STANDARD.
    assertThat(trace.body()).contains("\"status\":404").contains("\"path\":\"/missing\"");
    assertThat(trace.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> t.startsWith("application/json"));
    assertTraceHeaders(trace);
    assertThat(trace.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void aBodyLargerThanTheContainerBufferStillCarriesTheReport() throws Exception {
    HttpResponse<String> trace = get(true, "/large");

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).hasSize(NotesApplication.LARGE);
    assertTraceHeaders(trace);
    assertThat(report(trace)).endsWith("violations=0");
  }

  /** The report events of the request {@code response} answered, whatever their level. */
  private List<ILoggingEvent> reportEvents(HttpResponse<?> response) {
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    List<ILoggingEvent> events = new ArrayList<>();
    for (ILoggingEvent event : reports.events()) {
      if (event.getFormattedMessage().startsWith("TRACE request " + requestId + ": ")) {
        events.add(event);
      }
    }
    return events;
  }

  private static Map<String, Object> keyValues(ILoggingEvent event) {
    Map<String, Object> kv = new java.util.LinkedHashMap<>();
    event.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
    return kv;
  }

  private static final String NOTHING_SUPPRESSED =
      "committed=false; transactions=0; statements=0; entities=0; http=0; messages=0; mail=0;"
          + " cache=0; sessions=0; violations=0";

  @Test
  void aTraceRequestThatRecordedNothingWritesItsReportLineAtDebugOnlyWithTheSameContent()
      throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(TraceReports.LOGGER);
    Level configured = logger.getLevel();
    try {
      logger.setLevel(Level.INFO);
      HttpResponse<String> atInfo = get(true, "/large");
      assertThat(atInfo.statusCode()).isEqualTo(200);
      assertTraceHeaders(atInfo);
      assertThat(report(atInfo)).isEqualTo(NOTHING_SUPPRESSED);
      assertThat(reportEvents(atInfo)).as("no INFO report line").isEmpty();

      logger.setLevel(Level.DEBUG);
      HttpResponse<String> standard = get(false, "/large");
      assertThat(standard.statusCode()).isEqualTo(200);
      assertThat(reportEvents(standard)).as("a STANDARD request has no report").isEmpty();
      HttpResponse<String> atDebug = get(true, "/large");
      assertThat(atDebug.statusCode()).isEqualTo(200);
      assertTraceHeaders(atDebug);
      assertThat(reportEvents(atDebug))
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(event.getFormattedMessage()).endsWith(": " + NOTHING_SUPPRESSED);
                assertThat(keyValues(event))
                    .containsEntry("trace.committed", "false")
                    .containsEntry("trace.transactions", 0L)
                    .containsEntry("trace.violations", 0L)
                    .containsEntry("trace.effects", List.of());
              });
    } finally {
      logger.setLevel(configured);
    }
  }

  @Test
  void aTraceRequestThatSuppressedAWriteWritesItsReportLineAtInfo() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(TraceReports.LOGGER);
    Level configured = logger.getLevel();
    try {
      logger.setLevel(Level.INFO);
      HttpResponse<String> trace = postForm(true, "/notes", "trace-info-line");
      assertThat(trace.statusCode()).isEqualTo(302);
      assertThat(rows("trace-info-line")).isZero();
      assertThat(reportEvents(trace))
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage())
                    .contains(": committed=false; transactions=1; statements=1;");
                assertThat(keyValues(event)).containsEntry("trace.statements", 1L);
              });
    } finally {
      logger.setLevel(configured);
    }
  }

  @Test
  void aViolationAfterTheBodyWasWrittenAndFlushedTurnsTheResponseIntoA500() throws Exception {
    HttpResponse<String> standard = get(false, "/late-violation?text=std-late");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.body()).hasSize(NotesApplication.LARGE);
    assertThat(rows("std-late")).isEqualTo(1);

    HttpResponse<String> trace = get(true, "/late-violation?text=trace-late");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.body())
        .isEqualTo("TRACE request: a side effect reached a backstop, see Trace-Report");
    assertTraceHeaders(trace);
    assertThat(report(trace)).contains("statements=1").endsWith("violations=1");
    assertThat(rows("trace-late")).isZero();
  }

  @Test
  void aViolationInsideAStreamingBodyTurnsTheResponseIntoA500() throws Exception {
    HttpResponse<String> standard = get(false, "/streaming-violation?text=std-stream");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.body()).isEqualTo("first\nsecond\n");
    assertThat(rows("std-stream")).isEqualTo(1);

    HttpResponse<String> trace = get(true, "/streaming-violation?text=trace-stream");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.body()).doesNotContain("first");
    assertTraceHeaders(trace);
    assertThat(report(trace)).endsWith("violations=1");
    assertThat(rows("trace-stream")).isZero();
  }

  @Test
  void anEmitterIsHeldUntilTheAsyncDispatchAndItsViolationTurnsItIntoA500() throws Exception {
    HttpResponse<String> standard = get(false, "/emitter?text=std-emitter");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(standard.body()).isEqualTo("first\nsecond\n");
    assertThat(rows("std-emitter")).isEqualTo(1);

    HttpResponse<String> trace = get(true, "/emitter?text=trace-emitter");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertTraceHeaders(trace);
    assertThat(report(trace)).endsWith("violations=1");
    assertThat(rows("trace-emitter")).isZero();
  }

  @Test
  void aDeferredResultIsAnsweredWithTheReportOfTheWorkDoneBeforeItCompleted() throws Exception {
    HttpResponse<String> standard = get(false, "/deferred?text=std-deferred");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(rows("std-deferred")).isEqualTo(1);

    HttpResponse<String> trace = get(true, "/deferred?text=trace-deferred");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).isEqualTo("added trace-deferred");
    assertTraceHeaders(trace);
    // The transaction ran on another thread, before the async dispatch wrote the response.
    assertThat(report(trace)).startsWith("committed=false; transactions=1; statements=1;");
    assertThat(rows("trace-deferred")).isZero();
  }

  @Test
  void standardResponsesAreStreamedAsTheyAreWrittenAndTraceResponsesAreHeld() throws Exception {
    CountDownLatch standardGate = new CountDownLatch(1);
    NotesApplication.GATES.put("std", standardGate);
    CompletableFuture<HttpResponse<InputStream>> standard =
        CLIENT.sendAsync(
            request(false, "/gate?key=std").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    // Headers and the flushed first line arrive while the handler still waits.
    HttpResponse<InputStream> streamed = standard.get(10, TimeUnit.SECONDS);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(streamed.body(), StandardCharsets.US_ASCII));
    assertThat(lines.readLine()).isEqualTo("first");
    assertThat(standardGate.getCount()).isEqualTo(1);
    standardGate.countDown();
    assertThat(lines.readLine()).isEqualTo("second");

    CountDownLatch traceGate = new CountDownLatch(1);
    NotesApplication.GATES.put("trace", traceGate);
    CompletableFuture<HttpResponse<String>> trace =
        CLIENT.sendAsync(
            request(true, "/gate?key=trace").GET().build(), HttpResponse.BodyHandlers.ofString());
    // Nothing, not even the headers, arrives while the handler has not finished.
    try {
      trace.get(1500, TimeUnit.MILLISECONDS);
      throw new AssertionError("the TRACE response arrived before its handler finished");
    } catch (TimeoutException expected) {
      // held
    }
    traceGate.countDown();
    HttpResponse<String> held = trace.get(10, TimeUnit.SECONDS);
    assertThat(held.body()).isEqualTo("first\nsecond\n");
    assertTraceHeaders(held);
  }

  @Test
  void readOnlyTransactionsAreCountedApartFromRolledBackWrites() throws Exception {
    HttpResponse<String> page = get(true, "/notes");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(report(page)).startsWith("committed=false; transactions=0; statements=0;");
    assertThat(reportEffects())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("READ_ONLY_TRANSACTION ")
                    .contains(": read-only, rolled back"));

    reports.clear();
    HttpResponse<String> count = get(true, "/notes/count");
    assertThat(count.statusCode()).isEqualTo(200);
    assertThat(report(count)).startsWith("committed=false; transactions=0; statements=0;");
    assertThat(reportEffects())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("READ_ONLY_TRANSACTION ")
                    .contains(": no write statement, rolled back"));

    reports.clear();
    HttpResponse<String> write = postForm(true, "/notes", "trace-write");
    assertThat(report(write)).startsWith("committed=false; transactions=1; statements=1;");
    assertThat(reportEffects())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("TRANSACTION ")
                    .contains(": flushed, rolled back instead of commit"))
        .noneSatisfy(e -> assertThat(e).startsWith("READ_ONLY_TRANSACTION "));
  }

  @Test
  void servedAndFailedTraceRequestsAreCountedOnTheEndpointAndAsMeters() throws Exception {
    long served = counter("trace.served");
    long failed = counter("trace.failed");
    double failedMeter = meter("contextkit.trace.failed");

    assertThat(get(true, "/notes").statusCode()).isEqualTo(200);
    assertThat(get(true, "/late-violation?text=counted").statusCode()).isEqualTo(500);

    assertThat(counter("trace.served")).isEqualTo(served + 2);
    assertThat(counter("trace.failed")).isEqualTo(failed + 1);
    assertThat(meter("contextkit.trace.served")).isEqualTo((double) counter("trace.served"));
    assertThat(meter("contextkit.trace.failed")).isEqualTo(failedMeter + 1);
  }

  @SuppressWarnings("unchecked")
  private long counter(String name) throws Exception {
    HttpResponse<String> response = get(false, "/actuator/contextkit");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = JSON.readValue(response.body(), Map.class);
    return ((Number) ((Map<String, Object>) body.get("counters")).get(name)).longValue();
  }

  @SuppressWarnings("unchecked")
  private double meter(String name) throws Exception {
    HttpResponse<String> response = get(false, "/actuator/metrics/" + name);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = JSON.readValue(response.body(), Map.class);
    List<Map<String, Object>> measurements = (List<Map<String, Object>>) body.get("measurements");
    return ((Number) measurements.get(0).get("value")).doubleValue();
  }
}
