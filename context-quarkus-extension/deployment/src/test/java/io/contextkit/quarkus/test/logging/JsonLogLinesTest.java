package io.contextkit.quarkus.test.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.EchoClient;
import io.contextkit.quarkus.test.EchoResource;
import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With quarkus-logging-json, the context fields are top-level keys of each console JSON line, as on
 * Spring, and not repeated under "mdc"; lines outside a request carry none.
 */
class JsonLogLinesTest {

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
          .setForcedDependencies(
              List.of(Dependency.of("io.quarkus", "quarkus-logging-json", Version.getVersion())))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Test
  void theContextFieldsAreTopLevelKeysOfTheJsonLine() {
    List<String> lines;
    String requestId;
    try (ConsoleCapture console = ConsoleCapture.start()) {
      Response response =
          given()
              .header("baggage", "user_id=u-17,account_id=acme,other=kept")
              .header("x-request-id", "json-req-1")
              .get("/ctx/echo");
      assertThat(response.statusCode()).isEqualTo(200);
      requestId = response.header("x-request-id");
      lines = console.lines();
    }

    JsonObject echo = null;
    for (String line : lines) {
      JsonObject node = parse(line);
      if ("echo".equals(node.getString("message"))) {
        echo = node;
      }
    }
    assertThat(echo).as("the echo line in %s", lines).isNotNull();
    assertThat(requestId).isEqualTo("json-req-1");
    assertThat(echo.getString("request_id")).isEqualTo("json-req-1");
    assertThat(echo.getString("user_id")).isEqualTo("u-17");
    assertThat(echo.getString("account_id")).isEqualTo("acme");
    assertThat(echo.getString("request_type")).isEqualTo("STANDARD");
    assertThat(echo.getString("trace_id")).hasSize(32);
    // quarkus-logging-json's own fields are still there, and no context key is written twice.
    assertThat(echo.getString("loggerName")).isEqualTo(Logs.CATEGORY);
    JsonObject mdc = echo.getJsonObject("mdc", new JsonObject());
    for (String key : new String[] {"request_id", "user_id", "trace_id", "request_type"}) {
      assertThat(mdc.containsKey(key)).as("mdc.%s", key).isFalse();
    }
  }

  @Test
  void aLineOutsideARequestCarriesNoContextField() {
    List<String> lines;
    try (ConsoleCapture console = ConsoleCapture.start()) {
      org.jboss.logging.Logger.getLogger(Logs.CATEGORY).info("outside");
      lines = console.lines();
    }

    JsonObject outside =
        lines.stream()
            .map(JsonLogLinesTest::parse)
            .filter(node -> "outside".equals(node.getString("message")))
            .findFirst()
            .orElseThrow();
    assertThat(outside.containsKey("request_id")).isFalse();
    assertThat(outside.containsKey("user_id")).isFalse();
  }

  private static JsonObject parse(String line) {
    try {
      return new JsonObject(line);
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
