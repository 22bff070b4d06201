package io.contextkit.quarkus.test.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.EchoClient;
import io.contextkit.quarkus.test.EchoResource;
import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An application's own quarkus.log.console.format is printed as it is: ContextKit adds nothing. */
class OwnConsoleFormatTest {

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
          .overrideRuntimeConfigKey("quarkus.log.console.format", "own|%X{user_id}|%s%n")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Test
  void theApplicationsPatternIsPrintedWithoutAddedFields() {
    List<String> lines;
    try (ConsoleCapture console = ConsoleCapture.start()) {
      assertThat(
              given()
                  .header("x-request-id", "own-req-1")
                  .header("baggage", "user_id=u-42")
                  .get("/ctx/echo")
                  .statusCode())
          .isEqualTo(200);
      lines = console.lines();
    }

    assertThat(lines).contains("own|u-42|echo");
    assertThat(lines).noneMatch(line -> line.contains("own-req-1"));
  }
}
