package io.contextkit.spring.autoconfigure.trace.channels;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.contextkit.spring.autoconfigure.trace.app.StubServer;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.contextkit.testsupport.LogbackCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running {@link ChannelsTestApplication} for the channel ITs (one Spring context, shared):
 * GreenMail as the SMTP server, stub servers as an internal service (answers {@code Trace-Applied})
 * and a third party ({@code 127.0.0.1}, outside the trust boundary). Every case runs STANDARD first
 * (the effect happens), then TRACE (it does not, and the report lists it).
 */
@SpringBootTest(
    classes = ChannelsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.internal-hosts=localhost",
      "contextkit.trace.synthetic-responses[127.0.0.1].status=201",
      "contextkit.trace.synthetic-responses[127.0.0.1].body={\"id\":\"synthetic\"}",
      "spring.mail.host=127.0.0.1"
    })
abstract class AbstractChannelsIT {

  static final GreenMail SMTP = startSmtp();
  static final StubServer INTERNAL = StubServer.startAcknowledging();
  static final StubServer THIRD_PARTY = StubServer.start();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @LocalServerPort int port;

  private LogbackCapture reportLog;

  private static GreenMail startSmtp() {
    GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
    smtp.start();
    return smtp;
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("test.internal-url", () -> "http://localhost:" + INTERNAL.port());
    registry.add("test.third-party-url", () -> "http://127.0.0.1:" + THIRD_PARTY.port());
  }

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

  HttpResponse<String> send(Mode mode, String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (mode == Mode.TRACE) {
      b.header("baggage", "request_type=TRACE").header("Authorization", basic("tracer"));
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> sendForm(Mode mode, String path, String form, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (mode == Mode.TRACE) {
      b.header("baggage", "request_type=TRACE");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
  }

  static String reportHeader(HttpResponse<String> response) {
    return response.headers().firstValue("Trace-Report").orElse("");
  }

  /** The side effects of the last complete report logged, one per line. */
  String loggedEffects() {
    List<ILoggingEvent> events = reportLog.events();
    if (events.isEmpty()) {
      return "";
    }
    ILoggingEvent event = events.get(events.size() - 1);
    return event.getKeyValuePairs().stream()
        .filter(p -> p.key.equals("trace.effects"))
        .map(p -> String.valueOf(p.value))
        .collect(Collectors.joining());
  }
}
