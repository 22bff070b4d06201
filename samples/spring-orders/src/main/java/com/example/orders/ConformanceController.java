package com.example.orders;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The W3C Trace Context test-harness protocol: for each {@code {"url", "arguments"}} of the body,
 * POST {@code arguments} as JSON to {@code url} through the service's ordinary RestClient, so the
 * harness sees what the service propagates. The harness chooses the URLs; expose this endpoint only
 * where the harness runs.
 */
@RestController
final class ConformanceController {

  private static final Logger LOG = LoggerFactory.getLogger(ConformanceController.class);

  private final RestClient http;

  ConformanceController(RestClient http) {
    this.http = http;
  }

  @PostMapping(path = "/conformance/trace-context", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Void> traceContext(@RequestBody List<Call> calls) {
    for (Call call : calls) {
      String url = call.url();
      if (url == null) {
        LOG.warn("conformance call without a url skipped");
        continue;
      }
      Object arguments = call.arguments() == null ? List.of() : call.arguments();
      try {
        http.post()
            // Taken literally, not as a URI template.
            .uri(URI.create(url))
            .contentType(MediaType.APPLICATION_JSON)
            .body(arguments)
            .retrieve()
            .toBodilessEntity();
      } catch (RestClientException | IllegalArgumentException e) {
        // The harness judges what arrived, not what the callee answered; go on with the others.
        LOG.warn("conformance call to {} failed: {}", url, e.toString());
      }
    }
    return ResponseEntity.ok().build();
  }

  /**
   * One element of the harness's array.
   *
   * @param url where to POST
   * @param arguments the JSON to POST (the harness's next instructions)
   */
  record Call(@Nullable String url, @Nullable Object arguments) {}
}
