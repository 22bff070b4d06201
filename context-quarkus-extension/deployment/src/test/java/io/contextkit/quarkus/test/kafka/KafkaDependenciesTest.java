package io.contextkit.quarkus.test.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime dependency map of Kafka channels against a real broker (in-process KRaft): a STANDARD
 * and a TRACE record published from REST requests through an emitter and consumed by an
 * {@code @Incoming} method are counted as produced and consumed on the topic, TRACE apart.
 */
class KafkaDependenciesTest {

  private static final String BOOTSTRAP = KafkaKraftBroker.sharedBootstrapServers();

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      OrderResource.class, OrderConsumer.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("mp.messaging.outgoing.orders-out.topic", "deps-orders")
          .overrideConfigKey(
              "mp.messaging.outgoing.orders-out.value.serializer", StringSerializer.class.getName())
          .overrideConfigKey("mp.messaging.incoming.orders-in.topic", "deps-orders")
          .overrideConfigKey("mp.messaging.incoming.orders-in.auto.offset.reset", "earliest")
          .overrideConfigKey(
              "mp.messaging.incoming.orders-in.value.deserializer",
              "org.apache.kafka.common.serialization.StringDeserializer")
          .overrideConfigKey("mp.messaging.incoming.batch-in.topic", "deps-batch")
          .overrideConfigKey("mp.messaging.incoming.batch-in.batch", "true")
          .overrideConfigKey(
              "mp.messaging.incoming.batch-in.value.deserializer",
              "org.apache.kafka.common.serialization.StringDeserializer")
          .overrideRuntimeConfigKey("kafka.bootstrap.servers", BOOTSTRAP)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.trusted-peer-names", "kafka:deps-orders")
          .overrideRuntimeConfigKey("quarkus.contextkit.messaging.internal-destinations", "deps-*");

  @Test
  void publishedAndConsumedRecordsAreCountedOnTheTopicWithTraceApart() throws Exception {
    given().post("/orders/dep-standard").then().statusCode(204);
    given()
        .header("baggage", "user_id=tess,request_type=TRACE")
        .post("/orders/dep-trace")
        .then()
        .statusCode(204);
    awaitConsumed("dep-standard");
    awaitConsumed("dep-trace");

    JsonPath report = given().get("/q/contextkit/dependencies").jsonPath();
    Map<String, Object> produced = edge(report, "deps-orders", "PRODUCED");
    assertThat(produced)
        .containsEntry("kind", "KAFKA_TOPIC")
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1);
    Map<String, Object> consumed = edge(report, "deps-orders", "CONSUMED");
    assertThat(consumed)
        .containsEntry("kind", "KAFKA_TOPIC")
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1);
  }

  private static Map<String, Object> edge(JsonPath report, String name, String direction) {
    List<Map<String, Object>> edges = report.getList("edges");
    return edges.stream()
        .filter(e -> name.equals(e.get("name")) && direction.equals(e.get("direction")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no edge " + name + " " + direction + ": " + edges));
  }

  private static void awaitConsumed(String order) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!OrderConsumer.SEEN.containsKey(order)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing consumed for " + order + "; seen " + OrderConsumer.SEEN);
      }
      Thread.sleep(20);
    }
  }
}
