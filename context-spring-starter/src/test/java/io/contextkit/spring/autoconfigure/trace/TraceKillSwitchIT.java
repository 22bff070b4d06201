package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.internal.RefusalLog;
import io.contextkit.spring.autoconfigure.trace.app.TraceTestApplication;
import io.contextkit.testsupport.LogbackCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With {@code contextkit.trace.enabled=false} a TRACE request is rejected (503) and never runs as a
 * real request — visibly: a WARN line, the request id header, a counter; STANDARD requests still
 * run.
 */
@SpringBootTest(
    classes = TraceTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trace.enabled=false",
      "spring.jpa.hibernate.ddl-auto=create-drop",
      "spring.datasource.url=jdbc:h2:mem:contextkit-trace-off;DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "test.third-party-url=http://127.0.0.1:9",
      "test.unacked-url=http://127.0.0.1:9"
    })
class TraceKillSwitchIT {

  private static final String URL = "jdbc:h2:mem:contextkit-trace-off;DB_CLOSE_DELAY=-1";

  @LocalServerPort int port;

  private HttpResponse<String> post(String path, boolean trace) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (trace) {
      b.header("baggage", "request_type=TRACE")
          .header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("tracer:pw".getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void traceRequestIsRejectedNotRunForReal() throws Exception {
    DatabaseSnapshot before = DatabaseSnapshot.take(URL, "sa", "");
    assertThat(post("/orders/plain?ref=ks-std", false).statusCode()).isEqualTo(200);
    DatabaseSnapshot afterReal = DatabaseSnapshot.take(URL, "sa", "");
    assertThat(afterReal.minus(before)).containsEntry("purchase_order", 1);

    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_DISABLED);
    LogbackCapture lines = LogbackCapture.attach(RefusalLog.LOGGER);
    HttpResponse<String> trace;
    try {
      trace = post("/orders/plain?ref=ks-trace", true);
    } finally {
      lines.close();
    }
    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.body()).isEqualTo("TRACE requests are disabled");
    assertThat(trace.headers().firstValue("Trace-Applied")).isEmpty();
    assertThat(DatabaseSnapshot.take(URL, "sa", "")).isEqualTo(afterReal);
    // Visible: the request id on the response, one line with it, the counter.
    String requestId = trace.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(lines.warnings())
        .containsExactly(
            "ContextKit refused a request: status=503 reason=trace-disabled request_id="
                + requestId
                + " peer=127.0.0.1");
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_DISABLED)).isEqualTo(refused + 1);
  }
}
