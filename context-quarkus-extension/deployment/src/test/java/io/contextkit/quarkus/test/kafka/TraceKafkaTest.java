package io.contextkit.quarkus.test.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.quarkus.runtime.KafkaRecordContext;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka emitter guard against a real broker (in-process KRaft): a TRACE request's record to an
 * external topic is captured, never reaches the broker (the STANDARD record sent after it on the
 * same partition arrives, the TRACE one never does); a record to an internal topic is sent with the
 * context and its consumer runs as TRACE; a TRACE record from a topic the consumer does not trust,
 * or one that names {@code request_type} ambiguously, is skipped, never run as STANDARD.
 */
class TraceKafkaTest {

  private static final String BOOTSTRAP = KafkaKraftBroker.sharedBootstrapServers();
  private static final String SERIALIZER = "org.apache.kafka.common.serialization.StringSerializer";
  private static final String DESERIALIZER =
      "org.apache.kafka.common.serialization.StringDeserializer";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(TracePublishResource.class, TraceConsumers.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("mp.messaging.outgoing.payments-out.topic", "trace-payments")
          .overrideConfigKey("mp.messaging.outgoing.payments-out.value.serializer", SERIALIZER)
          .overrideConfigKey("mp.messaging.outgoing.audit-out.topic", "trace-audit")
          .overrideConfigKey("mp.messaging.outgoing.audit-out.value.serializer", SERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.payments-in.topic", "trace-payments")
          .overrideConfigKey("mp.messaging.incoming.payments-in.auto.offset.reset", "earliest")
          .overrideConfigKey("mp.messaging.incoming.payments-in.value.deserializer", DESERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.audit-in.topic", "trace-audit")
          .overrideConfigKey("mp.messaging.incoming.audit-in.auto.offset.reset", "earliest")
          .overrideConfigKey("mp.messaging.incoming.audit-in.value.deserializer", DESERIALIZER)
          .overrideRuntimeConfigKey("kafka.bootstrap.servers", BOOTSTRAP)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.trusted-peer-names", "kafka:trace-audit")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.messaging.internal-destinations", "trace-audit");

  @Test
  void capturesTraceRecordsToExternalTopicsAndSendsStandardOnes() {
    Response trace =
        given().header("baggage", "request_type=TRACE").post("/publish/payments/p-trace");
    Response standard = given().post("/publish/payments/p-std");

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Report")).contains("messages=1").contains("violations=0");
    assertThat(standard.statusCode()).isEqualTo(200);
    // Same topic, one partition: the STANDARD record was sent after the TRACE one.
    assertThat(await(TraceConsumers.PAYMENTS, "p-std")).isEqualTo("STANDARD");
    assertThat(TraceConsumers.PAYMENTS).doesNotContainKey("p-trace");
  }

  @Test
  void sendsTraceRecordsToInternalTopicsAndTheirConsumerRunsAsTrace() {
    Response trace = given().header("baggage", "request_type=TRACE").post("/publish/audit/a-trace");
    given().post("/publish/audit/a-std");

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Report")).contains("messages=1");
    assertThat(await(TraceConsumers.AUDIT, "a-trace")).isEqualTo("TRACE");
    assertThat(await(TraceConsumers.AUDIT, "a-std")).isEqualTo("STANDARD");
  }

  @Test
  void skipsTraceRecordsFromUntrustedTopicsInsteadOfRunningThemAsStandard() throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, SERIALIZER);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SERIALIZER);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      ProducerRecord<String, String> trace = new ProducerRecord<>("trace-payments", "u-trace");
      trace.headers().add("baggage", "request_type=TRACE".getBytes(StandardCharsets.UTF_8));
      producer.send(trace).get();
      producer.send(new ProducerRecord<>("trace-payments", "u-std")).get();
    }

    assertThat(await(TraceConsumers.PAYMENTS, "u-std")).isEqualTo("STANDARD");
    assertThat(TraceConsumers.PAYMENTS).doesNotContainKey("u-trace");
  }

  /**
   * The audit topic is trusted: a record on it that named {@code request_type} ambiguously would,
   * run as STANDARD, do for real what its sender may have meant as a dry run. It is skipped and
   * counted instead; the record after it is processed.
   */
  @Test
  void skipsRecordsWithAnAmbiguousRequestTypeInsteadOfRunningThemAsStandard() throws Exception {
    long malformed = ContextKit.counters().get(Counter.REQUEST_TYPE_MALFORMED);
    String[][] ambiguous = {
      {"amb-case", "Request_Type=TRACE"},
      {"amb-repeated", "request_type=TRACE,request_type=STANDARD"},
      {"amb-encoded", "request_type=%54RACE"},
    };
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, SERIALIZER);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SERIALIZER);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (String[] record : ambiguous) {
        ProducerRecord<String, String> r = new ProducerRecord<>("trace-audit", record[0]);
        r.headers().add("baggage", record[1].getBytes(StandardCharsets.UTF_8));
        producer.send(r).get();
      }
      producer.send(new ProducerRecord<>("trace-audit", "amb-honest")).get();
    }

    // One partition: the honest record was sent after the three.
    assertThat(await(TraceConsumers.AUDIT, "amb-honest")).isEqualTo("STANDARD");
    assertThat(TraceConsumers.AUDIT).doesNotContainKeys("amb-case", "amb-repeated", "amb-encoded");
    assertThat(ContextKit.counters().get(Counter.REQUEST_TYPE_MALFORMED))
        .isGreaterThanOrEqualTo(malformed + 3);
  }

  @Test
  void batchConsumersSkipRecordsWithAnAmbiguousRequestTypeAndCannotOpenThem() {
    ConsumerRecord<String, String> honest = new ConsumerRecord<>("trace-audit", 0, 0L, null, "b-1");
    ConsumerRecord<String, String> ambiguous =
        new ConsumerRecord<>("trace-audit", 0, 1L, null, "b-2");
    ambiguous.headers().add("baggage", "Request_Type=TRACE".getBytes(StandardCharsets.UTF_8));
    List<String> processed = new ArrayList<>();

    KafkaRecordContext.forEachRecord(
        List.of(ambiguous, honest),
        record ->
            processed.add(record.value() + ":" + RequestContext.current().requestType().name()));

    assertThat(processed).containsExactly("b-1:STANDARD");
    assertThatThrownBy(() -> KafkaRecordContext.open(ambiguous))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request_type was malformed or ambiguous")
        .hasMessageNotContaining("Request_Type");
    assertThat(KafkaRecordContext.of(honest).requestType()).isEqualTo(RequestType.STANDARD);
  }

  private static String await(Map<String, String> seen, String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String value = seen.get(key);
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no record " + key + " within 30s; seen " + seen.keySet());
  }
}
