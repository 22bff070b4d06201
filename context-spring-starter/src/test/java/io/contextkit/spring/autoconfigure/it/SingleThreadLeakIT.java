package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pain point 1: 300 requests with distinct contexts, sent by four clients at once through a
 * one-thread Tomcat pool and an @Async hop. No request ever sees or logs another request's context.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.trusted-peers=127.0.0.1,::1",
      "server.tomcat.threads.max=1",
      "spring.task.execution.pool.core-size=1",
      "spring.task.execution.pool.max-size=1"
    })
class SingleThreadLeakIT {

  private static final int REQUESTS = 300;

  @LocalServerPort int port;

  @Test
  void noContextCrossesRequestsOnOneThreadPool() throws Exception {
    JsonLogCapture logs = JsonLogCapture.attach();
    long leaksBefore = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Map<String, Object>>> results = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        int n = i;
        results.add(
            clients.submit(
                () ->
                    Http.json(
                        Http.get(
                            port,
                            "/async",
                            "X-Request-Id",
                            "r-" + n,
                            "baggage",
                            "user_id=u-" + n))));
      }
      for (int i = 0; i < REQUESTS; i++) {
        Map<String, Object> body = results.get(i).get();
        for (String hop : new String[] {"caller", "async"}) {
          assertThat(Http.map(body.get(hop)))
              .containsEntry("request_id", "r-" + i)
              .containsEntry("user_id", "u-" + i)
              .containsEntry("mdc_request_id", "r-" + i);
        }
      }
    } finally {
      clients.shutdown();
      logs.detach();
    }
    List<Map<String, Object>> appLines =
        logs.events().stream()
            .filter(e -> String.valueOf(e.get("logger_name")).endsWith("TestApplication"))
            .toList();
    assertThat(appLines).hasSize(2 * REQUESTS);
    assertThat(appLines)
        .allSatisfy(
            e -> {
              String requestId = (String) e.get("request_id");
              assertThat(requestId).startsWith("r-");
              assertThat(e.get("user_id")).isEqualTo("u-" + requestId.substring(2));
            });
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaksBefore);
  }
}
