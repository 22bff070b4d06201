package io.contextkit.spring.autoconfigure.webflux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Calls the test application over real HTTP with a plain (ContextKit-free) {@code WebClient}. */
final class WebFluxCalls {

  private static final ParameterizedTypeReference<Map<String, String>> MAP =
      new ParameterizedTypeReference<>() {};

  private final WebClient client;

  WebFluxCalls(int port) {
    // 127.0.0.1, not localhost: the trusted peer is configured by address.
    this.client = WebClient.create("http://127.0.0.1:" + port);
  }

  /** The {@code Authorization} value of HTTP Basic for a user of the secured test application. */
  static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (user + ":" + WebFluxSecurityTestApplication.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
  }

  /** GET /ctx with the given header name/value pairs; the body as a map (empty unless 2xx). */
  ResponseEntity<Map<String, String>> ctx(String... headers) {
    return get("/ctx", headers);
  }

  /**
   * GET {@code path} with the given header name/value pairs; the body as a map (empty unless 2xx).
   */
  ResponseEntity<Map<String, String>> get(String path, String... headers) {
    ResponseEntity<Map<String, String>> entity =
        client
            .get()
            .uri(path)
            .headers(
                h -> {
                  for (int i = 0; i < headers.length; i += 2) {
                    h.add(headers[i], headers[i + 1]);
                  }
                })
            .exchangeToMono(
                response -> {
                  HttpStatusCode status = response.statusCode();
                  if (status.is2xxSuccessful()) {
                    return response.toEntity(MAP);
                  }
                  return response
                      .releaseBody()
                      .then(
                          Mono.just(
                              ResponseEntity.status(status)
                                  .headers(response.headers().asHttpHeaders())
                                  .body(Map.<String, String>of())));
                })
            .block(Duration.ofSeconds(10));
    if (entity == null) {
      throw new IllegalStateException("no response");
    }
    return entity;
  }
}
