package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ThreadContext.contextualRunnable} and {@code withContextCapture} carry the request context
 * and its MDC keys onto an unmanaged thread (quarkus#42191: Quarkus' own MDC does not travel with
 * ThreadContext), and leave that thread as they found it.
 */
class ThreadContextTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(ThreadContextResource.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  private JulLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = Logs.install();
  }

  @Test
  void contextualRunnableCarriesContextAndMdcAndRestoresTheThread() {
    String[] lines = call("/tc/runnable", "dora", "req-tc-1");

    assertThat(lines[0])
        .contains("user_id=dora;")
        .contains("request_id=req-tc-1;")
        .endsWith("|dora");
    // The same thread afterwards: nothing left.
    assertThat(lines[1]).isEqualTo("|");
    assertThat(logs.withMessage("contextual runnable"))
        .singleElement()
        .satisfies(r -> assertThat(r.mdc()).containsEntry("user_id", "dora"));
  }

  @Test
  void withContextCaptureRunsDependentStagesInTheCapturedContext() {
    String[] lines = call("/tc/capture", "erin", "req-tc-2");

    assertThat(lines[0])
        .contains("user_id=erin;")
        .contains("request_id=req-tc-2;")
        .endsWith("|erin");
    assertThat(lines[1]).isEqualTo("|");
    assertThat(logs.withMessage("dependent stage"))
        .singleElement()
        .satisfies(r -> assertThat(r.mdc()).containsEntry("request_id", "req-tc-2"));
  }

  private static String[] call(String path, String user, String requestId) {
    String body =
        given()
            .header("baggage", "user_id=" + user)
            .header("x-request-id", requestId)
            .get(path)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return body.split("\n", -1);
  }
}
