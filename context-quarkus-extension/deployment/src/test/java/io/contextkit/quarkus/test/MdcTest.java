package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.LogLine;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log records carry the context of the thread that logs them as flat snake_case MDC keys, as the
 * handlers Quarkus configured (console, file, JSON) see them: parallel branches of one request
 * under different contexts each log only their own values, though Quarkus keeps one MDC map per
 * request (quarkus#30736), and sequential requests on one event loop never share values
 * (quarkus#48227).
 */
class MdcTest {

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
                      PlainRoutes.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          // One event loop: every request and every plain route shares it.
          .overrideConfigKey("quarkus.vertx.event-loops-pool-size", "1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "localhost");

  private JulLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = Logs.install();
  }

  @Test
  void writesContextKeysIntoTheLogRecordsOfTheRequest() {
    Response response =
        given()
            .header("baggage", "user_id=alice,account_id=acme,license=gold")
            .header("x-request-id", "req-mdc")
            .get("/ctx/chain");

    assertThat(response.statusCode()).isEqualTo(200);
    LogLine inExecutor = only(logs.withMessage("in executor"));
    assertThat(inExecutor.mdc())
        .containsEntry("user_id", "alice")
        .containsEntry("account_id", "acme")
        .containsEntry("request_id", "req-mdc")
        .containsKey("trace_id");
    // The callee's own hop, logged by the same application.
    assertThat(logs.withMessage("echo"))
        .anySatisfy(
            line ->
                assertThat(line.mdc())
                    .containsEntry("user_id", "alice")
                    .containsEntry("request_id", "req-mdc"));
  }

  @Test
  void sequentialRequestsOnTheSameThreadsNeverShareMdcValues() {
    for (int i = 0; i < 8; i++) {
      Response response =
          given()
              .header("baggage", "user_id=user-" + i)
              .header("x-request-id", "seq-" + i)
              .get("/ctx/echo");
      assertThat(response.statusCode()).isEqualTo(200);
      String loop = given().get("/plain/loop").asString();
      String worker = given().get("/plain/worker").asString();
      assertThat(loop).as("event loop after request %s", i).isEmpty();
      assertThat(worker).as("worker after request %s", i).isEmpty();
    }

    List<LogLine> plain = logs.withMessage("plain");
    assertThat(plain).hasSize(16);
    for (LogLine line : plain) {
      assertThat(line.mdc()).as("plain route on %s", line.thread()).isEmpty();
    }
    for (int i = 0; i < 8; i++) {
      String requestId = "seq-" + i;
      List<LogLine> echo =
          logs.withMessage("echo").stream()
              .filter(l -> requestId.equals(l.mdc().get("request_id")))
              .toList();
      assertThat(only(echo).mdc()).containsEntry("user_id", "user-" + i);
    }
  }

  @Test
  void parallelBranchesOfOneRequestEachLogOnlyTheirOwnContext() {
    Response response =
        given()
            .header("baggage", "user_id=owner")
            .header("x-request-id", "req-branches")
            .get("/ctx/branches");

    assertThat(response.statusCode()).isEqualTo(200);
    String[] lines = response.asString().split("\n");
    assertThat(Fields.parse(lines[0])).containsEntry("user_id", "owner");
    assertThat(Fields.parse(lines[1])).containsEntry("user_id", "branch-a");
    assertThat(Fields.parse(lines[2])).containsEntry("user_id", "branch-b");

    for (String branch : List.of("branch-a", "branch-b")) {
      for (String phase : List.of("branch start ", "branch end ")) {
        // Both branches have opened their scope before either logs (a barrier), so the shared
        // per-request MDC map holds only the last writer's user_id: the record must not.
        LogLine line = only(logs.withMessage(phase + branch));
        assertThat(line.mdc())
            .as(phase + branch)
            .containsEntry("user_id", branch)
            .containsEntry("request_id", "req-branches");
      }
    }
    assertThat(only(logs.withMessage("after branches")).mdc())
        .containsEntry("user_id", "owner")
        .containsEntry("request_id", "req-branches");
  }

  private static LogLine only(List<LogLine> lines) {
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }
}
