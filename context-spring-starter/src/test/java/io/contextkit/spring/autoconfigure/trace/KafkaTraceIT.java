package io.contextkit.spring.autoconfigure.trace;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.take;
import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.kafka.ContextKitKafka;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * TRACE through spring-kafka against a real (embedded KRaft) broker and a real database (H2):
 * Boot's auto-configured {@code KafkaTemplate}, with the starter on top. What reached the broker is
 * checked by separate plain consumers that are not part of the application, and by the partition's
 * end offset; what was committed from a JDBC connection of its own.
 */
@SpringBootTest(
    classes = KafkaTraceIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=ck.*",
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "spring.kafka.consumer.group-id=ck-kafka-trace-it",
      "spring.kafka.listener.concurrency=1",
      "spring.datasource.url=" + KafkaTraceIT.URL,
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "spring.jpa.hibernate.ddl-auto=create-drop"
    })
// Closed right after the class: left to the JVM's shutdown hooks, Kafka's temp-dir hook deleted
// the embedded broker's log directories while it still ran (checkpoint errors, offline log dirs).
@DirtiesContext
@EmbeddedKafka(
    partitions = 1,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    topics = {
      "partner.trace-captured",
      "ck.trace-internal",
      "ck.trace-work",
      "ck.trace-batch",
      "partner.trace-followup"
    })
@SuppressWarnings("try") // scopes are held for their effect
class KafkaTraceIT {

  private static final String CAPTURED = "partner.trace-captured";
  private static final String INTERNAL = "ck.trace-internal";
  private static final String WORK = "ck.trace-work";
  private static final String BATCH = "ck.trace-batch";
  private static final String FOLLOWUP = "partner.trace-followup";
  static final String URL = "jdbc:h2:mem:contextkit-kafka-trace;DB_CLOSE_DELAY=-1";

  @Autowired KafkaTemplate<String, String> template;
  @Autowired Listeners listeners;

  private ConsumerReportCapture reports;

  @BeforeEach
  void captureReports() {
    reports = new ConsumerReportCapture();
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  @Test
  void traceRecordToAnExternalTopicNeverReachesTheBrokerWhileAStandardOneDoes() throws Exception {
    TopicPartition partition = new TopicPartition(CAPTURED, 0);
    try (KafkaConsumer<String, String> uncommitted = consumer("read_uncommitted", partition);
        KafkaConsumer<String, String> committed = consumer("read_committed", partition)) {
      // STANDARD first: the same send reaches the broker, so the consumers can see records here.
      RequestContext standard = userContext("stan");
      try (ContextScope scope = standard.makeCurrent()) {
        template.send(CAPTURED, "standard").get(10, TimeUnit.SECONDS);
      }
      assertThat(pollUntil(uncommitted, "standard")).containsExactly("standard");
      assertThat(pollUntil(committed, "standard")).containsExactly("standard");
      long endBefore = endOffset(uncommitted, partition);
      assertThat(endBefore).isEqualTo(1L);

      RequestContext trace =
          userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
      SendResult<String, String> result;
      try (ContextScope scope = trace.makeCurrent()) {
        result = template.send(CAPTURED, "trace").get(10, TimeUnit.SECONDS);
      }
      template.flush();

      assertThat(result.getRecordMetadata().offset()).isEqualTo(-1L);
      assertThat(endOffset(uncommitted, partition)).isEqualTo(endBefore);
      TraceReport report = TraceReport.from(trace.sideEffects().report());
      assertThat(report.count(SideEffect.Kind.MESSAGE)).isEqualTo(1);
      assertThat(report.headerValue()).contains("messages=1");
      assertThat(report.effects())
          .singleElement()
          .satisfies(
              effect -> {
                assertThat(effect.target()).isEqualTo(CAPTURED);
                assertThat(effect.summary()).isEqualTo("captured, not published");
              });

      // A STANDARD marker sent after it is the very next record: nothing came in between.
      try (ContextScope scope = standard.makeCurrent()) {
        template.send(CAPTURED, "marker").get(10, TimeUnit.SECONDS);
      }
      assertThat(pollUntil(uncommitted, "marker")).containsExactly("marker");
      assertThat(pollUntil(committed, "marker")).containsExactly("marker");
      assertThat(endOffset(uncommitted, partition)).isEqualTo(endBefore + 1);
    }
  }

  @Test
  void traceRecordToAnInternalTopicIsSentAsTraceAndItsConsumerRunsAsTrace() throws Exception {
    TopicPartition partition = new TopicPartition(INTERNAL, 0);
    try (KafkaConsumer<String, String> reader = consumer("read_committed", partition)) {
      RequestContext trace =
          userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
      SendResult<String, String> result;
      try (ContextScope scope = trace.makeCurrent()) {
        result = template.send(INTERNAL, "dry-run").get(10, TimeUnit.SECONDS);
      }

      assertThat(result.getRecordMetadata().offset()).isGreaterThanOrEqualTo(0L);
      ConsumerRecord<String, String> record = pollRecord(reader, "dry-run");
      Header baggage = record.headers().lastHeader("baggage");
      assertThat(baggage).isNotNull();
      assertThat(new String(baggage.value(), StandardCharsets.UTF_8))
          .contains("request_type=TRACE")
          .contains("user_id=tracy");
      assertThat(record.headers().lastHeader(ContextPropagator.SIGNATURE_HEADER)).isNotNull();

      RequestContext consumed = take(listeners.internal, 30);
      assertThat(consumed.isTrace()).isTrue();
      assertThat(consumed.requestId()).isEqualTo(trace.requestId());

      TraceReport report = TraceReport.from(trace.sideEffects().report());
      assertThat(report.count(SideEffect.Kind.MESSAGE)).isEqualTo(1);
      assertThat(report.effects())
          .singleElement()
          .satisfies(effect -> assertThat(effect.summary()).isEqualTo("published as TRACE"));
    }
  }

  @Test
  void traceRecordsConsumerRollsBackCapturesAndLogsItsReportOnceWhileStandardTwinsCommitSilently()
      throws Exception {
    assertWorkerReportsOnlyTrace(WORK, "kafka-worker");
  }

  @Test
  void eachTraceRecordOfABatchLogsItsOwnReportOnceWhileStandardRecordsCommitSilently()
      throws Exception {
    assertWorkerReportsOnlyTrace(BATCH, "kafka-batch-worker");
  }

  /**
   * STANDARD, TRACE and STANDARD again to a listener that writes to the database and publishes a
   * follow-up: the STANDARD records commit and publish, the TRACE one neither, and only the TRACE
   * one leaves a report event — complete, since it is written after the listener's transaction.
   */
  private void assertWorkerReportsOnlyTrace(String topic, String listener) throws Exception {
    TopicPartition partition = new TopicPartition(FOLLOWUP, 0);
    try (KafkaConsumer<String, String> reader = consumer("read_uncommitted", partition)) {
      long followups = endOffset(reader, partition);
      int rows = committedRows(topic);
      RequestContext standard = userContext("stan");
      RequestContext trace =
          userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
      try (ContextScope scope = standard.makeCurrent()) {
        template.send(topic, "std-job").get(10, TimeUnit.SECONDS);
      }
      assertThat(take(listeners.done, 30)).isEqualTo("std-job:false");
      try (ContextScope scope = trace.makeCurrent()) {
        template.send(topic, "trace-job").get(10, TimeUnit.SECONDS);
      }
      assertThat(take(listeners.done, 30)).isEqualTo("trace-job:true");
      try (ContextScope scope = standard.makeCurrent()) {
        template.send(topic, "marker-job").get(10, TimeUnit.SECONDS);
      }
      assertThat(take(listeners.done, 30)).isEqualTo("marker-job:false");

      List<ConsumerReportCapture.Event> events = reports.await(topic, 1);
      ConsumerReportCapture.assertRolledBackAndCaptured(
          events.get(0), "kafka", topic, trace.requestId(), FOLLOWUP);
      // The listener id is its consumer group (spring-kafka's default for an id'd listener).
      assertThat(events.get(0).attributes())
          .containsEntry(TraceReports.CONSUMER_LISTENER, listener);
      assertThat(committedRows(topic)).isEqualTo(rows + 2);
      assertThat(pollUntil(reader, "followup-marker-job"))
          .doesNotContain("followup-trace-job")
          .contains("followup-std-job");
      assertThat(endOffset(reader, partition)).isEqualTo(followups + 2);
    }
  }

  private static int committedRows(String topic) throws Exception {
    try (Connection c = DriverManager.getConnection(URL, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from audit_log where message like 'kafka " + topic + " %'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private KafkaConsumer<String, String> consumer(String isolation, TopicPartition partition) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    return consumer;
  }

  /** Every value polled until {@code last} arrives (fails after 30 seconds). */
  private static List<String> pollUntil(KafkaConsumer<String, String> consumer, String last) {
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!values.contains(last) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        values.add(record.value());
      }
    }
    assertThat(values).as("polled").contains(last);
    return values;
  }

  private static ConsumerRecord<String, String> pollRecord(
      KafkaConsumer<String, String> consumer, String value) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value().equals(value)) {
          return record;
        }
      }
    }
    throw new AssertionError("no record '" + value + "' within 30 seconds");
  }

  private static long endOffset(KafkaConsumer<String, String> consumer, TopicPartition partition) {
    return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    /** Signing keys: a consumer trusts a TRACE record only when its context is signed. */
    @Bean
    ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }

    @Bean
    Listeners listeners(
        JdbcTemplate jdbc,
        TransactionTemplate transactions,
        KafkaTemplate<String, String> template) {
      return new Listeners(jdbc, transactions, template);
    }
  }

  static class Listeners {
    final BlockingQueue<RequestContext> internal = new LinkedBlockingQueue<>();
    final BlockingQueue<String> done = new LinkedBlockingQueue<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> template;

    Listeners(
        JdbcTemplate jdbc,
        TransactionTemplate transactions,
        KafkaTemplate<String, String> template) {
      this.jdbc = jdbc;
      this.transactions = transactions;
      this.template = template;
    }

    @KafkaListener(topics = INTERNAL)
    void onInternal(String value) {
      internal.add(RequestContext.current());
    }

    /** Writes to the database in a transaction and publishes a follow-up. */
    @KafkaListener(id = "kafka-worker", topics = WORK)
    void onWork(ConsumerRecord<String, String> record) {
      work(record);
    }

    /** The same work for each record of a batch, each in its own context. */
    @KafkaListener(id = "kafka-batch-worker", topics = BATCH, batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
      ContextKitKafka.forEachRecord(records, this::work);
    }

    private void work(ConsumerRecord<String, String> record) {
      transactions.executeWithoutResult(
          status ->
              jdbc.update(
                  "insert into audit_log (message) values (?)",
                  "kafka " + record.topic() + " " + record.value()));
      template.send(FOLLOWUP, "followup-" + record.value());
      done.add(record.value() + ":" + RequestContext.current().isTrace());
    }
  }
}
