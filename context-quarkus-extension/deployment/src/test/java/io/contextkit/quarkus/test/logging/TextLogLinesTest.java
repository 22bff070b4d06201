package io.contextkit.quarkus.test.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.EchoClient;
import io.contextkit.quarkus.test.EchoResource;
import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no log configuration at all, Quarkus' default console text format shows the request's
 * request_id and trace_id on the lines logged during the request, and only that request's; lines
 * outside a request are Quarkus' own. (A packaged application's console has the banner formatter
 * around the pattern formatter: {@code ContextTextFormatterTest}.)
 */
class TextLogLinesTest {

  private static final Pattern TRACE_ID = Pattern.compile("trace_id=([0-9a-f]{32}) ");

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      EchoResource.class,
                      EchoClient.class,
                      Fields.class,
                      Logs.class,
                      ConsoleCapture.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Test
  void eachRequestsLineShowsItsOwnRequestIdAndTraceId() {
    List<String> lines;
    try (ConsoleCapture console = ConsoleCapture.start()) {
      assertThat(given().header("x-request-id", "text-req-1").get("/ctx/echo").statusCode())
          .isEqualTo(200);
      assertThat(given().header("x-request-id", "text-req-2").get("/ctx/echo").statusCode())
          .isEqualTo(200);
      lines = console.lines();
    }

    String first = echoLine(lines, "text-req-1");
    String second = echoLine(lines, "text-req-2");
    // The shape of Quarkus' default pattern, with the fields just before the message.
    assertThat(first)
        .matches(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[contextkit\\.test\\] \\(.+\\)"
                + " request_id=text-req-1 trace_id=[0-9a-f]{32} echo");
    assertThat(first).doesNotContain("text-req-2");
    assertThat(second).doesNotContain("text-req-1");
    assertThat(traceId(first)).isNotEqualTo(traceId(second));
  }

  @Test
  void aLineOutsideARequestIsQuarkusDefaultLine() {
    List<String> lines;
    try (ConsoleCapture console = ConsoleCapture.start()) {
      org.jboss.logging.Logger.getLogger(Logs.CATEGORY).info("outside");
      lines = console.lines();
    }

    String outside =
        lines.stream().filter(line -> line.endsWith(" outside")).findFirst().orElseThrow();
    assertThat(outside).matches(".* \\[contextkit\\.test\\] \\(.+\\) outside");
    assertThat(outside).doesNotContain("request_id").doesNotContain("trace_id");
  }

  private static String echoLine(List<String> lines, String requestId) {
    return lines.stream()
        .filter(line -> line.endsWith(" echo") && line.contains(requestId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no echo line of " + requestId + " in " + lines));
  }

  private static String traceId(String line) {
    Matcher matcher = TRACE_ID.matcher(line);
    assertThat(matcher.find()).as("trace_id in %s", line).isTrue();
    return matcher.group(1);
  }
}
