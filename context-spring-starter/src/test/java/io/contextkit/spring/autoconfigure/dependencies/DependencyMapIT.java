package io.contextkit.spring.autoconfigure.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.w3c.Ids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime dependency map fed by real requests through each Spring integration — RestClient,
 * RestTemplate, WebClient, Kafka produced and consumed (embedded KRaft broker), a JDBC data source
 * (H2) — STANDARD and TRACE counted apart, read back from the {@code contextkitdependencies}
 * actuator endpoint over HTTP.
 */
@SpringBootTest(
    classes = DependencyMapIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=deps-it",
      "management.endpoints.web.exposure.include=contextkitdependencies",
      "contextkit.trust.internal-hosts=localhost",
      // Signed hops: the downstream endpoint and the listener accept the TRACE context.
      "contextkit.trust.signing.active-key-id=k1",
      "contextkit.trust.signing.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "contextkit.messaging.internal-destinations=deps.*",
      "spring.datasource.url=jdbc:h2:mem:deps-it;DB_CLOSE_DELAY=-1",
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "spring.kafka.consumer.group-id=deps-it",
      "spring.kafka.listener.concurrency=1"
    })
@DirtiesContext
@EmbeddedKafka(
    partitions = 1,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    topics = "deps.orders")
class DependencyMapIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired RestClient.Builder restClientBuilder;
  @Autowired WebClient.Builder webClientBuilder;
  @Autowired RestTemplate restTemplate;
  @Autowired JdbcTemplate jdbc;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired Listener listener;

  @Test
  void restClientCallsAreCountedPerHostWithTraceAndErrorsApart() throws Exception {
    RestClient client = restClientBuilder.build();
    String internal = "http://localhost:" + port;
    client.get().uri(internal + "/downstream/ok").retrieve().toBodilessEntity();
    client.get().uri(internal + "/downstream/ok").retrieve().toBodilessEntity();
    try (ContextScope scope = traceContext().makeCurrent()) {
      client.get().uri(internal + "/downstream/ok").retrieve().toBodilessEntity();
    }
    assertThatThrownBy(
            () -> client.get().uri(internal + "/downstream/fail").retrieve().toBodilessEntity())
        .isNotNull();

    Map<String, Object> edge = edge("INTERNAL_SERVICE", "localhost:" + port, "CALLED");
    assertThat(number(edge, "calls")).isGreaterThanOrEqualTo(4);
    assertThat(number(edge, "traceCalls")).isGreaterThanOrEqualTo(1);
    assertThat(number(edge, "errors")).isGreaterThanOrEqualTo(1);
    assertThat(edge.get("latencyP50Millis")).isInstanceOf(Number.class);
  }

  @Test
  void aHostOutsideTheTrustBoundaryIsAThirdParty() throws Exception {
    // 127.0.0.1 is the same server, but only "localhost" is internal.
    restTemplate.getForEntity("http://127.0.0.1:" + port + "/downstream/ok", String.class);

    Map<String, Object> edge = edge("THIRD_PARTY", "127.0.0.1:" + port, "CALLED");
    assertThat(number(edge, "calls")).isEqualTo(1);
    assertThat(number(edge, "traceCalls")).isZero();
    assertThat(number(edge, "errors")).isZero();
  }

  @Test
  void webClientExchangesAreCountedWhenTheirResponseArrives() throws Exception {
    // A host name of its own, so this test's counts are exact.
    WebClient client = webClientBuilder.build();
    String base = "http://localhost.:" + port;
    client.get().uri(base + "/downstream/ok").retrieve().toBodilessEntity().block();
    try (ContextScope scope = traceContext().makeCurrent()) {
      client.get().uri(base + "/downstream/ok").retrieve().toBodilessEntity().block();
    }
    client
        .get()
        .uri(base + "/downstream/fail")
        .exchangeToMono(response -> response.releaseBody())
        .block();

    Map<String, Object> edge = edge(null, "localhost.:" + port, "CALLED");
    assertThat(number(edge, "calls")).isEqualTo(3);
    assertThat(number(edge, "traceCalls")).isEqualTo(1);
    assertThat(number(edge, "errors")).isEqualTo(1);
  }

  @Test
  void kafkaRecordsAreCountedProducedAndConsumed() throws Exception {
    kafka.send("deps.orders", "standard").get(30, TimeUnit.SECONDS);
    try (ContextScope scope = traceContext().makeCurrent()) {
      kafka.send("deps.orders", "trace").get(30, TimeUnit.SECONDS);
    }
    assertThat(listener.received.poll(30, TimeUnit.SECONDS)).isNotNull();
    assertThat(listener.received.poll(30, TimeUnit.SECONDS)).isNotNull();

    try (ContextScope scope = traceContext().makeCurrent()) {
      // Outside deps.*: captured, never sent.
      kafka.send("partner.orders", "trace").get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> captured = edge("KAFKA_TOPIC", "partner.orders", "PRODUCED");
    assertThat(number(captured, "calls")).isEqualTo(1);
    assertThat(number(captured, "traceCalls")).isEqualTo(1);
    assertThat(number(captured, "syntheticCalls")).isEqualTo(1);

    Map<String, Object> produced = edge("KAFKA_TOPIC", "deps.orders", "PRODUCED");
    assertThat(number(produced, "calls")).isEqualTo(2);
    assertThat(number(produced, "traceCalls")).isEqualTo(1);
    assertThat(number(produced, "syntheticCalls")).isZero();
    assertThat(produced.get("latencyP50Millis")).isNull();
    Map<String, Object> consumed = awaitEdge("KAFKA_TOPIC", "deps.orders", "CONSUMED", 2);
    assertThat(number(consumed, "calls")).isEqualTo(2);
    assertThat(number(consumed, "traceCalls")).isEqualTo(1);
    assertThat(consumed.get("latencyP50Millis")).isInstanceOf(Number.class);
  }

  @Test
  void dataSourceCheckoutsAreCountedUnderTheBeanName() throws Exception {
    long before = calls(edgeOrNull("DATASOURCE", "dataSource", "CALLED"));
    long traceBefore = traceCalls(edgeOrNull("DATASOURCE", "dataSource", "CALLED"));
    jdbc.queryForObject("select 1", Integer.class);
    try (ContextScope scope = traceContext().makeCurrent()) {
      jdbc.queryForObject("select 1", Integer.class);
    }

    Map<String, Object> edge = edge("DATASOURCE", "dataSource", "CALLED");
    assertThat(number(edge, "calls") - before).isEqualTo(2);
    assertThat(number(edge, "traceCalls") - traceBefore).isEqualTo(1);
  }

  @Test
  void aTraceCallAnsweredWithTheSyntheticResponseIsCountedOnceAsSyntheticWithoutLatency()
      throws Exception {
    // Hosts of their own (every 127.x address is this server; only localhost is internal), so
    // the counts are exact: one STANDARD call reaches the server, two TRACE calls do not.
    String restHost = "127.0.0.2:" + port;
    String webHost = "127.0.0.3:" + port;
    int hitsBefore = Downstream.HITS.get();
    RestClient rest = restClientBuilder.build();
    WebClient web = webClientBuilder.build();
    rest.get().uri("http://" + restHost + "/downstream/hit").retrieve().toBodilessEntity();
    web.get().uri("http://" + webHost + "/downstream/hit").retrieve().toBodilessEntity().block();
    try (ContextScope scope = traceContext().makeCurrent()) {
      for (int i = 0; i < 2; i++) {
        assertThat(
                rest.post()
                    .uri("http://" + restHost + "/downstream/hit")
                    .retrieve()
                    .toBodilessEntity()
                    .getStatusCode()
                    .value())
            .isEqualTo(202);
        assertThat(
                web.post()
                    .uri("http://" + webHost + "/downstream/hit")
                    .retrieve()
                    .toBodilessEntity()
                    .block()
                    .getStatusCode()
                    .value())
            .isEqualTo(202);
      }
    }

    assertThat(Downstream.HITS.get() - hitsBefore).isEqualTo(2);
    for (String host : List.of(restHost, webHost)) {
      Map<String, Object> edge = edge("THIRD_PARTY", host, "CALLED");
      assertThat(number(edge, "calls")).as(host).isEqualTo(3);
      assertThat(number(edge, "traceCalls")).as(host).isEqualTo(2);
      assertThat(number(edge, "syntheticCalls")).as(host).isEqualTo(2);
      assertThat(number(edge, "errors")).as(host).isZero();
      // The only latency sample is the STANDARD call's: p50 and p99 are the same bucket.
      assertThat(edge.get("latencyP50Millis")).as(host).isEqualTo(edge.get("latencyP99Millis"));
    }
  }

  @Test
  void aTraceCallThatReachesAnInternalServiceIsNotSynthetic() throws Exception {
    String internal = "http://localhost:" + port;
    RestClient client = restClientBuilder.build();
    Map<String, Object> before = edgeOrNull("INTERNAL_SERVICE", "localhost:" + port, "CALLED");
    long syntheticBefore = before == null ? 0 : number(before, "syntheticCalls");
    try (ContextScope scope = traceContext().makeCurrent()) {
      client.get().uri(internal + "/downstream/ok").retrieve().toBodilessEntity();
    }

    Map<String, Object> edge = edge("INTERNAL_SERVICE", "localhost:" + port, "CALLED");
    assertThat(number(edge, "syntheticCalls")).isEqualTo(syntheticBefore);
  }

  @Test
  void endpointNamesTheServiceAndTheCap() throws Exception {
    Map<String, Object> body = endpoint();
    assertThat(body)
        .containsEntry("format", 1)
        .containsEntry("service", "deps-it")
        .containsEntry("maxEdges", 1000);
    assertThat(body.get("edges")).isInstanceOf(List.class);
  }

  private Map<String, Object> awaitEdge(String kind, String name, String direction, long calls)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Object> edge = edgeOrNull(kind, name, direction);
    while ((edge == null || number(edge, "calls") < calls) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      edge = edgeOrNull(kind, name, direction);
    }
    assertThat(edge).as("edge %s %s %s", kind, name, direction).isNotNull();
    return edge;
  }

  private Map<String, Object> edge(String kind, String name, String direction) throws Exception {
    Map<String, Object> edge = edgeOrNull(kind, name, direction);
    assertThat(edge).as("edge %s %s %s", kind, name, direction).isNotNull();
    return edge;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> edgeOrNull(String kind, String name, String direction)
      throws Exception {
    List<Map<String, Object>> edges = (List<Map<String, Object>>) endpoint().get("edges");
    List<Map<String, Object>> matching =
        edges.stream()
            .filter(e -> name.equals(e.get("name")) && direction.equals(e.get("direction")))
            .filter(e -> kind == null || kind.equals(e.get("kind")))
            .collect(Collectors.toList());
    assertThat(matching).hasSizeLessThanOrEqualTo(1);
    return matching.isEmpty() ? null : matching.get(0);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> endpoint() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/contextkitdependencies"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readValue(response.body(), Map.class);
  }

  private static long number(Map<String, Object> edge, String key) {
    return ((Number) edge.get(key)).longValue();
  }

  private static long calls(Map<String, Object> edge) {
    return edge == null ? 0 : number(edge, "calls");
  }

  private static long traceCalls(Map<String, Object> edge) {
    return edge == null ? 0 : number(edge, "traceCalls");
  }

  private static RequestContext traceContext() {
    return RequestContext.builder()
        .traceId(Ids.randomTraceId())
        .parentId(Ids.randomSpanId())
        .traceFlags((byte) 1)
        .requestId("req-" + Ids.randomSpanId())
        .userId("tracy")
        .requestType(RequestType.TRACE)
        .build();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Downstream.class, Listener.class})
  static class App {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }

    @Bean
    RestTemplate restTemplate() {
      return new RestTemplate();
    }
  }

  @RestController
  static class Downstream {
    static final java.util.concurrent.atomic.AtomicInteger HITS =
        new java.util.concurrent.atomic.AtomicInteger();

    @org.springframework.web.bind.annotation.RequestMapping("/downstream/hit")
    String hit() {
      HITS.incrementAndGet();
      return "hit";
    }

    @GetMapping("/downstream/ok")
    String ok() {
      return "ok";
    }

    @GetMapping("/downstream/fail")
    ResponseEntity<String> fail() {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("down");
    }
  }

  static class Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @KafkaListener(topics = "deps.orders")
    void on(String value) {
      received.add(value);
    }
  }
}
