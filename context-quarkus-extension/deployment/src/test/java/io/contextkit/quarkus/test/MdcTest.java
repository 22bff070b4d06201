package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log records carry the context as flat snake_case MDC keys through Quarkus' own MDC (SLF4J maps
 * onto JBoss LogManager's MDC there), during the request only; the Quarkus MDC leaks reported in
 * quarkus#48227 and #30736 do not happen to ContextKit's keys.
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

  private Logs logs;

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
    List<Logs.Captured> records = logs.records();
    assertThat(records).extracting(Logs.Captured::message).contains("echo", "in executor");
    Logs.Captured inExecutor = only(records, "in executor");
    assertThat(inExecutor.mdc())
        .containsEntry("user_id", "alice")
        .containsEntry("account_id", "acme")
        .containsEntry("license", "gold")
        .containsEntry("request_id", "req-mdc")
        .containsKeys("trace_id", "parent_id");
    // The callee's own hop, logged by the same application.
    assertThat(only(records, "echo").mdc())
        .containsEntry("user_id", "alice")
        .containsEntry("request_id", "req-mdc");
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

    List<Logs.Captured> records = logs.records();
    int echo = 0;
    for (Logs.Captured record : records) {
      if (record.message().equals("plain")) {
        assertThat(record.mdc()).as("plain route on %s", record.thread()).isEmpty();
      } else if (record.message().equals("echo")) {
        assertThat(record.mdc())
            .containsEntry("user_id", "user-" + echo)
            .containsEntry("request_id", "seq-" + echo);
        echo++;
      }
    }
    assertThat(echo).isEqualTo(8);
  }

  @Test
  void parallelBranchesOfOneRequestEachKeepTheirOwnContext() {
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

    List<Logs.Captured> records = logs.records();
    int branchRecords = 0;
    for (Logs.Captured record : records) {
      if (record.message().startsWith("branch")) {
        branchRecords++;
        // VertxMDC keeps one map per request, shared by its branches: a branch may see the
        // other's user_id there, but no branch ever loses the request's keys.
        assertThat(record.mdc().get("user_id"))
            .as(records.toString())
            .isIn("branch-a", "branch-b", "owner");
        assertThat(record.mdc()).containsEntry("request_id", "req-branches");
      }
    }
    assertThat(branchRecords).as(records.toString()).isEqualTo(4);
    // Closing a branch's scope restored only that branch's thread, not the request's MDC.
    assertThat(only(records, "after branches").mdc())
        .as(records.toString())
        .containsEntry("user_id", "owner")
        .containsEntry("request_id", "req-branches");
  }

  private static Logs.Captured only(List<Logs.Captured> records, String message) {
    List<Logs.Captured> matching =
        records.stream().filter(r -> r.message().equals(message)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
