package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.trace.reactive.ReactiveTraceTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code contextkit.trace.enabled=false} a TRACE request to a WebFlux application is rejected
 * (503) before any application code runs, and never runs as a real request; STANDARD requests still
 * run.
 */
@DirtiesContext
@SpringBootTest(
    classes = ReactiveTraceTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive", "contextkit.trace.enabled=false"})
class WebFluxTraceKillSwitchIT {

  @LocalServerPort int port;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ReactivePostgres.jdbcUrl();
    ReactivePostgres.properties(registry);
  }

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
    long before = ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'ks-%'");
    assertThat(post("/items?name=ks-std", false).statusCode()).isEqualTo(201);
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name LIKE 'ks-%'"))
        .isEqualTo(before + 1);

    HttpResponse<String> trace = post("/items?name=ks-trace", true);
    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.body()).isEqualTo("TRACE requests are disabled");
    assertThat(trace.headers().firstValue("Trace-Applied")).isEmpty();
    assertThat(trace.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name = 'ks-trace'"))
        .isZero();
  }
}
