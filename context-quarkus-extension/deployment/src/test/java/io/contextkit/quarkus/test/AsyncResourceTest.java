package io.contextkit.quarkus.test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.testsupport.JulLogCapture;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resource returning {@code Uni} or {@code CompletionStage} that completes on another thread runs
 * in its request's context, and the event loop that ran it holds no context once it returned: a
 * plain route served next on the same (only) event loop sees nothing, and the request-entry barrier
 * never finds a leftover.
 */
class AsyncResourceTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(AsyncResource.class, PlainRoutes.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.vertx.event-loops-pool-size", "1")
          // One worker thread: the plain blocking route runs where the blocking resource ran.
          .overrideConfigKey("quarkus.thread-pool.core-threads", "1")
          .overrideConfigKey("quarkus.thread-pool.max-threads", "1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  private JulLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = Logs.install();
  }

  @Test
  void uniResourceLeavesNoContextOnTheEventLoop() {
    assertAsyncResourceLeavesNothing("/async/uni", "async uni");
  }

  @Test
  void completionStageResourceLeavesNoContextOnTheEventLoop() {
    assertAsyncResourceLeavesNothing("/async/stage", "async stage");
  }

  @Test
  void eventLoopServesOthersWithoutContextWhileAnAsyncResponseIsPending() throws Exception {
    long leaks = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    long outOfOrder = ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER);
    CompletableFuture<Response> slow =
        CompletableFuture.supplyAsync(
            () -> given().header("baggage", "user_id=pending").get("/async/slow"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (logs.withMessage("async slow").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(logs.withMessage("async slow")).hasSize(1);

    // The slow request's method has returned; its response is a second away.
    assertThat(given().get("/plain/loop").asString()).isEmpty();
    String other = given().header("baggage", "user_id=other").get("/async/uni").asString();
    assertThat(Fields.parse(other.split("\n")[0])).containsEntry("user_id", "other");

    Response response = slow.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Fields.parse(response.asString())).containsEntry("user_id", "pending");
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaks);
    // Each scope was closed by the code that opened it, in order, not swept up by a wrapper.
    assertThat(ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER)).isEqualTo(outOfOrder);
  }

  @Test
  void blockingUniResourceLeavesNoContextOnTheWorker() {
    long leaks = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    long outOfOrder = ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER);
    for (int i = 0; i < 5; i++) {
      String user = "blocking-" + i;
      Response response =
          given()
              .header("baggage", "user_id=" + user)
              .header("x-request-id", "req-" + user)
              .get("/async/blocking-uni");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.header("x-request-id")).isEqualTo("req-" + user);
      assertThat(Fields.parse(response.asString().split("\n")[0])).containsEntry("user_id", user);
      // The worker that ran the resource method, right after.
      assertThat(given().get("/plain/worker").asString()).as("worker after %s", user).isEmpty();
    }
    assertThat(logs.withMessage("async blocking uni"))
        .hasSize(5)
        .allSatisfy(r -> assertThat(r.mdc()).containsKey("user_id"));
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaks);
    // Each scope was closed by the code that opened it, in order, not swept up by a wrapper.
    assertThat(ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER)).isEqualTo(outOfOrder);
  }

  private void assertAsyncResourceLeavesNothing(String path, String message) {
    long leaks = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    long outOfOrder = ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER);
    for (int i = 0; i < 5; i++) {
      String user = "async-" + i;
      Response response =
          given()
              .header("baggage", "user_id=" + user)
              .header("x-request-id", "req-" + user)
              .get(path);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.header("x-request-id")).isEqualTo("req-" + user);
      String[] lines = response.asString().split("\n");
      assertThat(Fields.parse(lines[0])).containsEntry("user_id", user);
      assertThat(lines[1]).as("completed off the event loop").doesNotContain("vert.x-eventloop");
      // The event loop that ran the resource method, right after.
      assertThat(given().get("/plain/loop").asString()).as("event loop after %s", user).isEmpty();
    }
    assertThat(logs.withMessage(message)).hasSize(5);
    assertThat(logs.withMessage("plain"))
        .hasSize(5)
        .allSatisfy(r -> assertThat(r.mdc()).isEmpty())
        .allSatisfy(r -> assertThat(r.thread()).contains("vert.x-eventloop"));
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaks);
    // Each scope was closed by the code that opened it, in order, not swept up by a wrapper.
    assertThat(ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER)).isEqualTo(outOfOrder);
  }
}
