package io.contextkit.quarkus.test.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.quarkus.test.QuarkusUnitTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * REST resource → emitter → a real Kafka broker (in-process KRaft) → {@code @Incoming} consumer:
 * the consumer runs, and logs, in the publishing request's context; one message's context never
 * reaches the next; malformed headers are dropped and counted without stopping the consumer; a
 * batch consumer opens each record's own context.
 */
class KafkaPropagationTest {

  private static final String BOOTSTRAP = KafkaKraftBroker.sharedBootstrapServers();
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String STRING_SERIALIZER = StringSerializer.class.getName();
  private static final String STRING_DESERIALIZER =
      "org.apache.kafka.common.serialization.StringDeserializer";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      OrderResource.class, OrderConsumer.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("mp.messaging.outgoing.orders-out.topic", "orders")
          .overrideConfigKey("mp.messaging.outgoing.orders-out.value.serializer", STRING_SERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.orders-in.topic", "orders")
          .overrideConfigKey("mp.messaging.incoming.orders-in.auto.offset.reset", "earliest")
          .overrideConfigKey(
              "mp.messaging.incoming.orders-in.value.deserializer", STRING_DESERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.batch-in.topic", "batch")
          .overrideConfigKey("mp.messaging.incoming.batch-in.batch", "true")
          .overrideConfigKey("mp.messaging.incoming.batch-in.auto.offset.reset", "earliest")
          .overrideConfigKey(
              "mp.messaging.incoming.batch-in.value.deserializer", STRING_DESERIALIZER)
          .overrideRuntimeConfigKey("kafka.bootstrap.servers", BOOTSTRAP)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.trusted-peer-names", "kafka:orders,kafka:batch")
          // The application's own topic: its records carry the whole context.
          .overrideRuntimeConfigKey("quarkus.contextkit.messaging.internal-destinations", "orders");

  private JulLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = Logs.install();
  }

  @Test
  void consumerRunsAndLogsInTheContextOfThePublishingRequest() {
    given()
        .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
        .header("baggage", "user_id=alice,account_id=acme")
        .header("x-request-id", "req-k1")
        .post("/orders/o-1")
        .then()
        .statusCode(204);

    Map<String, String> seen = Fields.parse(await(OrderConsumer.SEEN, "o-1"));
    assertThat(seen)
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("request_id", "req-k1")
        .containsEntry("user_id", "alice")
        .containsEntry("account_id", "acme");
    assertThat(logs.withMessage("consumed o-1"))
        .singleElement()
        .satisfies(
            record ->
                assertThat(record.mdc())
                    .containsEntry("trace_id", TRACE_ID)
                    .containsEntry("request_id", "req-k1")
                    .containsEntry("user_id", "alice"));
  }

  @Test
  void aMessagesContextNeverLeaksIntoTheNextMessage() {
    given()
        .header("baggage", "user_id=bob")
        .header("x-request-id", "req-bob")
        .post("/orders/o-2")
        .then()
        .statusCode(204);
    await(OrderConsumer.SEEN, "o-2");
    // Sent without any context: a consumer thread that kept bob's would show it here.
    send("orders", "o-3", List.of());

    assertThat(Fields.parse(OrderConsumer.SEEN.get("o-2")))
        .containsEntry("user_id", "bob")
        .containsEntry("request_id", "req-bob");
    Map<String, String> next = Fields.parse(await(OrderConsumer.SEEN, "o-3"));
    assertThat(next).doesNotContainKey("user_id").containsKey("request_id");
    assertThat(next.get("request_id")).isNotEqualTo("req-bob");
    assertThat(logs.withMessage("consumed o-3"))
        .singleElement()
        .satisfies(record -> assertThat(record.mdc()).doesNotContainKey("user_id"));
  }

  @Test
  void malformedHeadersAreDroppedCountedAndNeverStopTheConsumer() {
    long traceparents = ContextKit.counters().get(Counter.TRACEPARENT_INVALID);
    long baggage = ContextKit.counters().get(Counter.BAGGAGE_INVALID_ENTRIES);
    long requestIds = ContextKit.counters().get(Counter.REQUEST_ID_INVALID);

    send(
        "orders",
        "o-bad",
        List.of(
            new String[] {"traceparent", "00-not-a-trace"},
            new String[] {"baggage", "user_id=mal\"lory,=,%%%"},
            new String[] {"x-request-id", "bad id\u0007"}));
    given().header("baggage", "user_id=carol").post("/orders/o-after").then().statusCode(204);

    Map<String, String> bad = Fields.parse(await(OrderConsumer.SEEN, "o-bad"));
    assertThat(bad).doesNotContainKey("user_id").containsKeys("trace_id", "request_id");
    assertThat(bad.get("trace_id")).isNotEqualTo("not-a-trace");
    assertThat(Fields.parse(await(OrderConsumer.SEEN, "o-after")))
        .containsEntry("user_id", "carol");
    assertThat(ContextKit.counters().get(Counter.TRACEPARENT_INVALID)).isGreaterThan(traceparents);
    assertThat(ContextKit.counters().get(Counter.BAGGAGE_INVALID_ENTRIES)).isGreaterThan(baggage);
    assertThat(ContextKit.counters().get(Counter.REQUEST_ID_INVALID)).isGreaterThan(requestIds);
  }

  @Test
  void recordsArrivingTogetherEachRunInTheirOwnContext() {
    // One producer, no waiting: the consumer fetches these together, so a context shared between
    // records in flight would show up as another record's user.
    Properties props = producerProperties();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < 20; i++) {
        ProducerRecord<String, String> record = new ProducerRecord<>("orders", "burst-" + i);
        record
            .headers()
            .add("baggage", ("user_id=burst-user-" + i).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      producer.flush();
    }

    for (int i = 0; i < 20; i++) {
      assertThat(Fields.parse(await(OrderConsumer.SEEN, "burst-" + i)))
          .containsEntry("user_id", "burst-user-" + i);
      String user = "burst-user-" + i;
      assertThat(logs.withMessage("consumed burst-" + i))
          .singleElement()
          .satisfies(record -> assertThat(record.mdc()).containsEntry("user_id", user));
    }
  }

  @Test
  void batchConsumerOpensEachRecordsOwnContext() {
    for (int i = 0; i < 3; i++) {
      send(
          "batch",
          "b-" + i,
          List.of(
              new String[] {"baggage", "user_id=batch-user-" + i},
              new String[] {"x-request-id", "batch-req-" + i}));
    }

    for (int i = 0; i < 3; i++) {
      Map<String, String> seen = Fields.parse(await(OrderConsumer.SEEN_IN_BATCH, "b-" + i));
      assertThat(seen)
          .containsEntry("user_id", "batch-user-" + i)
          .containsEntry("request_id", "batch-req-" + i);
      String user = "batch-user-" + i;
      assertThat(logs.withMessage("batch b-" + i))
          .singleElement()
          .satisfies(record -> assertThat(record.mdc()).containsEntry("user_id", user));
    }
  }

  private static Properties producerProperties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, STRING_SERIALIZER);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, STRING_SERIALIZER);
    return props;
  }

  private static void send(String topic, String value, List<String[]> headers) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
      ProducerRecord<String, String> record = new ProducerRecord<>(topic, value);
      for (String[] header : headers) {
        record.headers().add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
      }
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String await(Map<String, String> seen, String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String value = seen.get(key);
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("Nothing consumed for " + key + " within 30s; seen " + seen);
  }
}
