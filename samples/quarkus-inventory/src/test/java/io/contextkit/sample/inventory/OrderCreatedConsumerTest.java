package io.contextkit.sample.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.contextkit.testsupport.LogLine;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus → Spring direction: a record on {@code order-created} (real in-process broker) makes
 * the consumer call the orders service (a JDK HTTP server here) through the REST client with the
 * record's context, then confirm the reservation and write the {@code order_events} row.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(OrdersStubResource.class)
class OrderCreatedConsumerTest {

  private static final AtomicLong ORDER_IDS = new AtomicLong(5000);

  @Test
  void signedRecordsContextReachesTheOrdersServiceAndTheEventRow() throws Exception {
    JulLogCapture logs = JulLogCapture.onRoot("io.contextkit.sample.inventory");
    long orderId = ORDER_IDS.incrementAndGet();
    given()
        .headers(Contexts.signed(Contexts.context("alice", "req-order-" + orderId)))
        .contentType(ContentType.JSON)
        .body("{\"orderId\":" + orderId + ",\"sku\":\"ABC-1\",\"quantity\":2}")
        .post("/reservations")
        .then()
        .statusCode(201);
    RequestContext placed = Contexts.context("alice", "req-order-" + orderId);

    publish(orderId, Contexts.signed(placed));

    OrderEvent event = Rows.awaitEvent(orderId);
    assertThat(event.getEvent()).isEqualTo("order-created");
    assertThat(event.getUserId()).isEqualTo("alice");
    assertThat(event.getRequestId()).isEqualTo("req-order-" + orderId);
    assertThat(Rows.reservations(orderId))
        .singleElement()
        .satisfies(row -> assertThat(row.getStatus()).isEqualTo("CONFIRMED"));

    Map<String, String> call = OrdersStub.received("/orders/" + orderId);
    assertThat(call)
        .containsEntry("method", "GET")
        .containsEntry("authorization", OrdersStub.AUTHORIZATION)
        .containsEntry("x-request-id", "req-order-" + orderId)
        .containsKey("contextkit-signature");
    assertThat(call.get("traceparent")).startsWith("00-" + placed.traceId() + "-");
    assertThat(call.get("baggage")).contains("user_id=alice");

    // The consumer's log lines carry the record's context, as the JSON lines on stdout show it.
    List<LogLine> consumerLines = logs.containing("order " + orderId);
    assertThat(consumerLines).hasSizeGreaterThanOrEqualTo(2);
    assertThat(logs.containing("Order " + orderId + " is CREATED")).hasSize(1);
    for (LogLine line : logs.containing(" " + orderId)) {
      assertThat(line.mdc())
          .as(line.message())
          .containsEntry("request_id", "req-order-" + orderId)
          .containsEntry("user_id", "alice")
          .containsEntry("request_type", "STANDARD");
    }
    assertThat(logs.containing("Confirmed 1 reservation(s) of order " + orderId))
        .singleElement()
        .satisfies(line -> assertThat(line.mdc()).containsEntry("trace_id", placed.traceId()));
    // The audit line, written on the managed executor, carries the record's context too.
    assertThat(logs.containing("Order " + orderId + " audited"))
        .singleElement()
        .satisfies(line -> assertThat(line.mdc()).containsEntry("trace_id", placed.traceId()));
  }

  @Test
  void unsignedRecordsBaggageIsNotTakenNorPassedOn() throws Exception {
    JulLogCapture logs = JulLogCapture.onRoot("io.contextkit.sample.inventory");
    long orderId = ORDER_IDS.incrementAndGet();
    Map<String, String> forged = Contexts.unsigned(Contexts.context("admin", "req-forged-k"));
    assertThat(forged.get("baggage")).contains("user_id=admin");

    publish(orderId, forged);

    OrderEvent event = Rows.awaitEvent(orderId);
    assertThat(event.getUserId()).isNull();
    assertThat(event.getRequestId()).isNotBlank().isNotEqualTo("req-forged-k");
    Map<String, String> call = OrdersStub.received("/orders/" + orderId);
    assertThat(call.getOrDefault("baggage", "")).doesNotContain("user_id");
    // The consumer's own request id goes on to the orders service.
    assertThat(call).containsEntry("x-request-id", event.getRequestId());
    assertThat(logs.containing("Confirmed 0 reservation(s) of order " + orderId))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.mdc())
                    .doesNotContainKey("user_id")
                    .containsEntry("request_id", event.getRequestId()));
  }

  @Test
  void recordThatArrivesBeforeItsOrderIsCommittedIsStillHandled() throws Exception {
    // The orders service sends the record inside its transaction; the read-back may come first.
    long orderId = OrdersStub.FIRST_LATE_ORDER + ORDER_IDS.incrementAndGet();

    publish(orderId, Contexts.signed(Contexts.context("alice", "req-late-" + orderId)));

    OrderEvent event = Rows.awaitEvent(orderId);
    assertThat(event.getRequestId()).isEqualTo("req-late-" + orderId);
    assertThat(OrdersStub.requestsTo("/orders/" + orderId))
        .hasSize(OrdersStub.NOT_YET_COMMITTED + 1);
  }

  @Test
  void recordOfAnOrderThatNeverCommittedIsSkippedAfterTheLastReadAndTheChannelGoesOn()
      throws Exception {
    long unknown = OrdersStub.FIRST_UNKNOWN_ORDER + ORDER_IDS.incrementAndGet();
    long next = ORDER_IDS.incrementAndGet();

    publish(unknown, Contexts.signed(Contexts.context("alice", "req-unknown-" + unknown)));
    publish(next, Contexts.signed(Contexts.context("alice", "req-next-" + next)));

    // The record after it is handled: a failed record does not stop the channel.
    assertThat(Rows.awaitEvent(next).getRequestId()).isEqualTo("req-next-" + next);
    String path = "/orders/" + unknown;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (OrdersStub.requestsTo(path).size() < OrderCreatedConsumer.READ_BACK_ATTEMPTS
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    // Given up after the last read, not asked forever: no read follows within a few pauses.
    Thread.sleep(3 * OrderCreatedConsumer.READ_BACK_PAUSE_MS);
    assertThat(OrdersStub.requestsTo(path)).hasSize(OrderCreatedConsumer.READ_BACK_ATTEMPTS);
    assertThat(Rows.events(unknown)).isEmpty();
  }

  private static void publish(long orderId, Map<String, String> headers) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaKraftBroker.sharedBootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(
              "order-created",
              Long.toString(orderId),
              "{\"orderId\":"
                  + orderId
                  + ",\"sku\":\"ABC-1\",\"quantity\":2,\"userId\":\"alice\"}");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
      }
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
  }
}
