package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One request, one context, every hop: HTTP in (user authenticated by Spring Security) →
 * {@code @Async} → Kafka → JMS (Artemis) → RabbitMQ (Qpid Broker-J) → outbound HTTP to another
 * service. Each hop's JSON log line and the other service's received headers carry the same request
 * id, trace id and user id; a second request sent at the same time keeps its own context, and
 * neither request's context appears in the other's lines.
 */
class EndToEndChainIT extends AbstractChainIT {

  private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
  private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final String[] HOPS = {
    "chain http", "async hop", "kafka hop", "jms hop", "rabbit hop", "outbound http answered ok"
  };

  @Test
  void oneContextThroughHttpAsyncKafkaJmsRabbitAndOutboundHttp() throws Exception {
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> call("alice", "chain-a", TRACE_A));
    CompletableFuture<HttpResponse<String>> second =
        CompletableFuture.supplyAsync(() -> call("bob", "chain-b", TRACE_B));
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    List<Map<String, String>> ends = new ArrayList<>();
    List<Map<String, String>> received = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ends.add(take(hops.chainEnds));
      received.add(take(stub.received));
    }
    assertThat(ends)
        .extracting(e -> e.get("request_id") + "/" + e.get("trace_id") + "/" + e.get("user_id"))
        .containsExactlyInAnyOrder("chain-a/" + TRACE_A + "/alice", "chain-b/" + TRACE_B + "/bob");

    assertStubReceived(received, "chain-a", TRACE_A, "alice");
    assertStubReceived(received, "chain-b", TRACE_B, "bob");
    assertEveryHopLogged("chain-a", TRACE_A, "alice");
    assertEveryHopLogged("chain-b", TRACE_B, "bob");

    List<Map<String, Object>> lines = requestLines();
    // Lines logged before authentication (Spring's first-request initialisation, say) carry the
    // request without a user yet; none may carry the other request's trace or user.
    assertThat(lines)
        .as("no line mixes the two requests")
        .allSatisfy(
            e -> {
              if ("chain-a".equals(e.get("request_id"))) {
                assertThat(e).containsEntry("trace_id", TRACE_A);
                assertThat(e.get("user_id")).isIn(null, "alice");
              } else {
                assertThat(e)
                    .containsEntry("request_id", "chain-b")
                    .containsEntry("trace_id", TRACE_B);
                assertThat(e.get("user_id")).isIn(null, "bob");
              }
            });
  }

  private HttpResponse<String> call(String user, String requestId, String traceId) {
    try {
      return Http.get(
          port,
          "/chain",
          "Authorization",
          Http.basic(user),
          "X-Request-Id",
          requestId,
          "traceparent",
          "00-" + traceId + "-00f067aa0ba902b7-01");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertEveryHopLogged(String requestId, String traceId, String user) {
    List<Map<String, Object>> lines =
        requestLines().stream().filter(e -> requestId.equals(e.get("request_id"))).toList();
    for (String hop : HOPS) {
      assertThat(lines)
          .as("'%s' lines of %s", hop, requestId)
          .filteredOn(e -> hop.equals(e.get("message")))
          .singleElement()
          .satisfies(
              e -> assertThat(e).containsEntry("trace_id", traceId).containsEntry("user_id", user));
    }
    // The five inbound hops ran on five threads (Tomcat, the @Async pool, three listener
    // containers); the outbound call is made from the RabbitMQ listener's.
    List<String> inbound = List.of(HOPS).subList(0, HOPS.length - 1);
    assertThat(lines.stream().filter(e -> inbound.contains(e.get("message"))).toList())
        .extracting(e -> e.get("thread_name"))
        .doesNotHaveDuplicates()
        .hasSize(inbound.size());
  }

  private static void assertStubReceived(
      List<Map<String, String>> received, String requestId, String traceId, String user) {
    assertThat(received)
        .filteredOn(h -> requestId.equals(h.get("x-request-id")))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.get("traceparent")).startsWith("00-" + traceId + "-");
              assertThat(h.get("baggage")).contains("user_id=" + user);
              assertThat(h.get("contextkit-signature")).isNotEmpty();
            });
  }

  private static <T> T take(java.util.concurrent.BlockingQueue<T> queue) throws Exception {
    T value = queue.poll(60, TimeUnit.SECONDS);
    assertThat(value).as("chain end within 60 s").isNotNull();
    return value;
  }
}
