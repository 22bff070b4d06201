package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work handed to Quarkus' {@code @VirtualThreads} executor through {@code ThreadContext} runs on a
 * virtual thread in the request's context, with MDC and log records to match, and one request's
 * context never reaches the next. Needs Java 21+: the build runs this class a second time on Java
 * 25 (the {@code virtual-thread-tests} profile); on 17 it is skipped.
 */
@Tag("virtual-threads")
@EnabledForJreRange(
    min = JRE.JAVA_21,
    disabledReason =
        "virtual threads need Java 21+; the virtual-thread-tests profile runs this on 25")
class VirtualThreadTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      VirtualThreadResource.class,
                      ThreadContextResource.class,
                      Fields.class,
                      Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  private JulLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = Logs.install();
  }

  @Test
  void virtualThreadTasksRunInTheRequestContext() {
    long leaks = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    for (int i = 0; i < 5; i++) {
      String[] lines =
          given()
              .header("baggage", "user_id=vt-" + i)
              .header("x-request-id", "req-vt-" + i)
              .get("/vt/echo")
              .then()
              .statusCode(200)
              .extract()
              .asString()
              .split("\n", -1);

      assertThat(lines[1]).as("runs on a virtual thread").contains("VirtualThread");
      String[] observed = lines[0].split("\\|", -1);
      assertThat(Fields.parse(observed[0]))
          .containsEntry("user_id", "vt-" + i)
          .containsEntry("request_id", "req-vt-" + i);
      assertThat(observed[1]).as("MDC user_id").isEqualTo("vt-" + i);
    }
    assertThat(logs.withMessage("on virtual thread")).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(logs.withMessage("on virtual thread").get(i).mdc())
          .containsEntry("request_id", "req-vt-" + i);
    }
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaks);
  }
}
