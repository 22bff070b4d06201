package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pain point 1 across a broker: 200 requests with distinct contexts, sent by four clients at once
 * through a one-thread Tomcat pool, a one-thread {@code @Async} pool and a Kafka hop (one consumer
 * thread). Every JSON log line of every hop carries the request id and user id of one request that
 * was sent — never a pair mixed from two requests — and each request's three hops each logged
 * exactly once under its own ids.
 */
class SingleThreadKafkaLeakIT extends AbstractChainIT {

  private static final int REQUESTS = 200;

  @Test
  void noContextCrossesRequestsThroughTomcatAsyncAndKafka() throws Exception {
    long leaksBefore = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        int n = i;
        results.add(
            clients.submit(
                () ->
                    Http.get(
                        port, "/leak", "X-Request-Id", "leak-" + n, "baggage", "user_id=lu-" + n)));
      }
      for (int i = 0; i < REQUESTS; i++) {
        Map<String, Object> body = Http.json(results.get(i).get(60, TimeUnit.SECONDS));
        assertThat(body)
            .containsEntry("request_id", "leak-" + i)
            .containsEntry("user_id", "lu-" + i);
      }
    } finally {
      clients.shutdown();
    }

    List<Map<String, String>> ends = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      Map<String, String> end = hops.leakEnds.poll(60, TimeUnit.SECONDS);
      assertThat(end).as("Kafka hop %d of %d", i + 1, REQUESTS).isNotNull();
      ends.add(end);
    }
    assertThat(ends)
        .allSatisfy(
            end -> {
              assertThat(end.get("request_id")).startsWith("leak-");
              assertThat(end.get("user_id"))
                  .isEqualTo("lu-" + end.get("request_id").substring("leak-".length()));
            });

    List<Map<String, Object>> lines = requestLines();
    assertThat(lines)
        .as("every line of a request carries that request's user")
        .allSatisfy(
            e -> {
              String requestId = (String) e.get("request_id");
              assertThat(requestId).startsWith("leak-");
              assertThat(e.get("user_id")).isEqualTo("lu-" + requestId.substring(5));
            });
    Map<String, Integer> hopLines = new HashMap<>();
    for (Map<String, Object> e : lines) {
      hopLines.merge(e.get("request_id") + " " + e.get("message"), 1, Integer::sum);
    }
    for (int i = 0; i < REQUESTS; i++) {
      for (String message : new String[] {"leak http", "async hop", "kafka hop"}) {
        assertThat(hopLines.get("leak-" + i + " " + message))
            .as("'%s' lines of leak-%d", message, i)
            .isEqualTo(1);
      }
    }
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaksBefore);
  }
}
