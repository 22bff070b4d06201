package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code @RunOnVirtualThread} REST method runs on a virtual thread in the request's context, with
 * MDC and log records to match, and no request sees another's context.
 *
 * <p>Quarkus refuses {@code @RunOnVirtualThread} unless the application's classes are compiled for
 * Java 19+, and in a {@code QuarkusUnitTest} of this module that includes the extension's own
 * classes. So this class and what it puts in the application root are compiled with release 21 from
 * {@code src/test-java21/java} and run only in a build that compiles the extension for 21 on
 * Temurin 25 (the {@code run-on-virtual-thread-tests} profile, see the pom); otherwise none of it
 * is compiled.
 */
@Tag("virtual-threads")
class RunOnVirtualThreadTest {

  private static final String MESSAGE = "in run-on-virtual-thread method";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(RunOnVirtualThreadResource.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  private Logs logs;

  @BeforeEach
  void captureLogs() {
    logs = Logs.install();
  }

  @Test
  void runOnVirtualThreadMethodSeesOnlyItsOwnRequestContext() {
    long leaks = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    for (int i = 0; i < 5; i++) {
      String[] lines = echo(given().header("baggage", "user_id=rovt-" + i), "req-rovt-" + i);

      assertThat(lines[2]).as("runs on a virtual thread").isEqualTo("true");
      Map<String, String> fields = Fields.parse(lines[0]);
      assertThat(fields)
          .as("RequestContext.current() in request %d", i)
          .containsEntry("user_id", "rovt-" + i)
          .containsEntry("request_id", "req-rovt-" + i);
      assertThat(lines[1]).as("MDC user_id|request_id").isEqualTo("rovt-" + i + "|req-rovt-" + i);
    }

    String[] bare = echo(given(), null);
    assertThat(bare[2]).as("runs on a virtual thread").isEqualTo("true");
    Map<String, String> fields = Fields.parse(bare[0]);
    assertThat(fields).doesNotContainKey("user_id");
    assertThat(fields.get("request_id")).isNotBlank().doesNotStartWith("req-rovt-");
    assertThat(bare[1])
        .as("MDC without a user, with the generated request id")
        .isEqualTo("|" + fields.get("request_id"));

    List<Logs.Captured> records = logs.withMessage(MESSAGE);
    assertThat(records).hasSize(6);
    for (int i = 0; i < 5; i++) {
      assertThat(records.get(i).mdc())
          .containsEntry("request_id", "req-rovt-" + i)
          .containsEntry("user_id", "rovt-" + i);
    }
    assertThat(records.get(5).mdc())
        .containsEntry("request_id", fields.get("request_id"))
        .doesNotContainKey("user_id");
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaks);
  }

  private static String[] echo(RequestSpecification request, String id) {
    if (id != null) {
      request = request.header("x-request-id", id);
    }
    return request.get("/rovt/echo").then().statusCode(200).extract().asString().split("\n", -1);
  }
}
