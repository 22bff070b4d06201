package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application logs through the ready include file {@code logback-contextkit-json.xml} (as a
 * user's {@code logback-spring.xml} would): every console line of one request, on the request
 * thread, the @Async thread and the outbound call's callee, carries the same context and the
 * application fields, and no key twice.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "logging.config=classpath:io/contextkit/spring/autoconfigure/logging/logback-include-test.xml",
      "spring.application.name=orders",
      "spring.profiles.active=it,eu",
      "spring.application.version=1.2.3",
      "contextkit.trust.trusted-peers=127.0.0.1,::1",
      "contextkit.trust.internal-hosts=localhost"
    })
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  @LocalServerPort int port;

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> linesOf(String output, String requestId) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : output.split("\\R")) {
      if (line.startsWith("{") && line.contains(requestId)) {
        // Strict: a key written twice fails the parse.
        lines.add(STRICT.readValue(line, Map.class));
      }
    }
    return lines;
  }

  private String call(String path, String requestId) throws Exception {
    return Http.get(
            port,
            path,
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
            "baggage",
            "user_id=u-17,account_id=acme,license=gold",
            "X-Request-Id",
            requestId)
        .body();
  }

  @Test
  void everyLineOfOneRequestCarriesItsContextAndTheApplicationFields(CapturedOutput output)
      throws Exception {
    call("/async", "req-json-async");
    call("/out/boot-rest-client-builder", "req-json-out");

    List<Map<String, Object>> async = linesOf(output.getOut(), "req-json-async");
    List<Map<String, Object>> out = linesOf(output.getOut(), "req-json-out");
    // "before async" and "in async"; "calling out" and the callee's "echo".
    assertThat(async).extracting(line -> line.get("message")).contains("before async", "in async");
    assertThat(out).extracting(line -> line.get("message")).contains("calling out", "echo");
    assertThat(async.stream().map(line -> line.get("thread_name")).distinct().count())
        .isGreaterThanOrEqualTo(2);
    List<Map<String, Object>> all = new ArrayList<>(async);
    all.addAll(out);
    for (Map<String, Object> line : all) {
      assertThat(line)
          .containsEntry("trace_id", TRACE_ID)
          .containsEntry("user_id", "u-17")
          .containsEntry("account_id", "acme")
          .containsEntry("license", "gold")
          .containsEntry("request_type", "STANDARD")
          .containsEntry("application_name", "orders")
          .containsEntry("environment", "it,eu")
          .containsEntry("application_version", "1.2.3")
          .containsKey("host_name")
          .containsKey("parent_id");
    }
    assertThat(async)
        .allSatisfy(line -> assertThat(line).containsEntry("request_id", "req-json-async"));
    assertThat(out)
        .allSatisfy(line -> assertThat(line).containsEntry("request_id", "req-json-out"));
  }

  @Test
  void linesOutsideARequestCarryNoContext(CapturedOutput output) throws Exception {
    TestApplication.LOG.info("outside any request");
    List<Map<String, Object>> lines = linesOf(output.getOut(), "outside any request");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .doesNotContainKeys("request_id", "trace_id", "user_id")
        .containsEntry("application_name", "orders");
  }
}
