package io.contextkit.quarkus.test.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import io.contextkit.quarkus.runtime.KafkaRecordContext;
import io.contextkit.quarkus.runtime.internal.LogRecordContext;
import io.contextkit.quarkus.runtime.internal.TraceReports;
import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.contextkit.testsupport.LogLine;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
          .overrideConfigKey("mp.messaging.outgoing.ledger-out.topic", "trace-ledger")
          .overrideConfigKey("mp.messaging.outgoing.ledger-out.value.serializer", SERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.ledger-in.topic", "trace-ledger")
          .overrideConfigKey("mp.messaging.incoming.ledger-in.auto.offset.reset", "earliest")
          .overrideConfigKey("mp.messaging.incoming.ledger-in.value.deserializer", DESERIALIZER)
          .overrideConfigKey("mp.messaging.outgoing.relay-requests.topic", "trace-relay")
          .overrideConfigKey("mp.messaging.outgoing.relay-requests.value.serializer", SERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.relay-in.topic", "trace-relay")
          .overrideConfigKey("mp.messaging.incoming.relay-in.auto.offset.reset", "earliest")
          .overrideConfigKey("mp.messaging.incoming.relay-in.value.deserializer", DESERIALIZER)
          .overrideConfigKey("mp.messaging.outgoing.relay-out.topic", "trace-relayed")
          .overrideConfigKey("mp.messaging.outgoing.relay-out.value.serializer", SERIALIZER)
          .overrideRuntimeConfigKey("kafka.bootstrap.servers", BOOTSTRAP)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.trusted-peer-names",
              "kafka:trace-audit,kafka:trace-ledger,kafka:trace-relay")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.messaging.internal-destinations",
              "trace-audit,trace-ledger,trace-relay");

  private JulLogCapture reports;

  @BeforeEach
  void captureTraceReports() {
    reports = JulLogCapture.onLogger(TraceReports.LOGGER);
    // Quarkus' handlers got ContextKit's log filter at startup; this late one gets it here.
    LogRecordContext.install();
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

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

  /**
   * The consumer of a TRACE message writes one report line when its work ends, in the message's
   * context, naming where the message came from and what the consumer's guards recorded; its
   * STANDARD twin writes none. (Spring did this from the start; Quarkus wrote no line at all.)
   */
  @Test
  void theConsumerOfATraceMessageReportsItOnceAndItsStandardTwinDoesNot() {
    Response trace = given().header("baggage", "request_type=TRACE").post("/publish/audit/r-trace");
    Response standard = given().post("/publish/audit/r-std");
    assertThat(await(TraceConsumers.AUDIT, "r-trace")).isEqualTo("TRACE");
    assertThat(await(TraceConsumers.AUDIT, "r-std")).isEqualTo("STANDARD");

    List<LogLine> traceLines = awaitConsumedReports(trace.header("X-Request-Id"), 1);
    LogLine line = traceLines.get(0);
    assertThat(line.level()).isEqualTo("INFO");
    assertThat(line.formatted())
        .startsWith("TRACE message " + trace.header("X-Request-Id") + " from kafka 'trace-audit'")
        .contains("committed=false")
        .contains("cache=1")
        .contains("CACHE audit-cache: put r-trace")
        .contains(TraceReport.CONSUMER_SYSTEM + "=kafka")
        .contains(TraceReport.CONSUMER_DESTINATION + "=trace-audit")
        .contains(TraceReport.CONSUMER_LISTENER + "=audit-in");
    assertThat(line.mdc())
        .containsEntry("request_id", trace.header("X-Request-Id"))
        .containsEntry("request_type", "TRACE");
    assertThat(consumedReports(standard.header("X-Request-Id"))).isEmpty();
  }

  @Test
  void aConsumerReturningAUniIsReportedWhenTheUniEndsNotWhenTheMethodReturns() {
    Response trace =
        given().header("baggage", "request_type=TRACE").post("/publish/ledger/l-trace");
    Response standard = given().post("/publish/ledger/l-std");
    assertThat(await(TraceConsumers.LEDGER, "l-trace")).isEqualTo("TRACE");
    assertThat(await(TraceConsumers.LEDGER, "l-std")).isEqualTo("STANDARD");

    LogLine line = awaitConsumedReports(trace.header("X-Request-Id"), 1).get(0);
    assertThat(line.formatted())
        .contains("from kafka 'trace-ledger'")
        .contains("CACHE ledger-cache: put l-trace")
        .contains(TraceReport.CONSUMER_LISTENER + "=ledger-in");
    assertThat(line.mdc()).containsEntry("request_id", trace.header("X-Request-Id"));
    assertThat(consumedReports(standard.header("X-Request-Id"))).isEmpty();
  }

  @Test
  void batchConsumersReportEachTraceRecordWhenItsScopeCloses() {
    ConsumerRecord<String, String> trace = new ConsumerRecord<>("trace-audit", 0, 7L, null, "bt-1");
    trace.headers().add("baggage", "request_type=TRACE".getBytes(StandardCharsets.UTF_8));
    trace.headers().add("x-request-id", "batch-trace-1".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<String, String> standard =
        new ConsumerRecord<>("trace-audit", 0, 8L, null, "bt-2");
    standard.headers().add("x-request-id", "batch-standard-2".getBytes(StandardCharsets.UTF_8));

    KafkaRecordContext.forEachRecord(
        List.of(trace, standard),
        record ->
            RequestContext.current()
                .sideEffects()
                .record(new SideEffect(SideEffect.Kind.CACHE, "batch", "put " + record.value())));

    List<LogLine> lines = consumedReports("batch-trace-1");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).formatted())
        .contains("from kafka 'trace-audit'")
        .contains("CACHE batch: put bt-1")
        .doesNotContain("bt-2")
        .doesNotContain(TraceReport.CONSUMER_LISTENER);
    assertThat(lines.get(0).mdc()).containsEntry("request_id", "batch-trace-1");
    assertThat(consumedReports("batch-standard-2")).isEmpty();
  }

  /**
   * A processor's output is captured after the method returned (it goes to an external topic): the
   * report waits for it, so it says {@code messages=1}, not 0.
   */
  @Test
  void aProcessorsCapturedOutputIsInTheConsumedMessagesReport() {
    Response trace = given().header("baggage", "request_type=TRACE").post("/publish/relay/x-trace");
    Response standard = given().post("/publish/relay/x-std");
    assertThat(await(TraceConsumers.RELAY, "x-trace")).isEqualTo("TRACE");
    assertThat(await(TraceConsumers.RELAY, "x-std")).isEqualTo("STANDARD");

    LogLine line = awaitConsumedReports(trace.header("X-Request-Id"), 1).get(0);
    assertThat(line.formatted())
        .contains("from kafka 'trace-relay'")
        .contains("messages=1")
        .contains("MESSAGE trace-relayed")
        .contains(TraceReport.CONSUMER_LISTENER + "=relay-in");
    assertThat(consumedReports(standard.header("X-Request-Id"))).isEmpty();
  }

  private List<LogLine> consumedReports(String requestId) {
    List<LogLine> lines = new ArrayList<>();
    for (LogLine line : reports.lines()) {
      if (line.formatted().startsWith("TRACE message " + requestId + " ")) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Waits for {@code count} report lines, then a moment more to see that no other follows. */
  private List<LogLine> awaitConsumedReports(String requestId, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (consumedReports(requestId).size() < count && System.nanoTime() < deadline) {
      sleep(50);
    }
    sleep(500);
    List<LogLine> lines = consumedReports(requestId);
    assertThat(lines).as("report lines of %s", requestId).hasSize(count);
    return lines;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
