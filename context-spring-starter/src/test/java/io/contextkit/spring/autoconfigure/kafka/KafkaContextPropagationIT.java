package io.contextkit.spring.autoconfigure.kafka;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.take;
import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.ContextCounters;
import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.spring.autoconfigure.kafka.internal.KafkaHeaderAccess;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.Seen;
import io.contextkit.testsupport.LogbackCapture;
import io.contextkit.trust.OutboundPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka integration against a real (embedded KRaft) broker: Boot's auto-configured template and
 * listener container factory, plus user-declared factories, with the starter on top.
 */
@SpringBootTest(
    classes = KafkaContextPropagationIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=ck.*",
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "spring.kafka.consumer.group-id=ck-kafka-it",
      "spring.kafka.consumer.properties.max.poll.interval.ms=60000",
      "spring.kafka.listener.concurrency=1"
    })
// Closed right after the class: left to the JVM's shutdown hooks, Kafka's temp-dir hook deleted
// the embedded broker's log directories while it still ran (checkpoint errors, offline log dirs).
@DirtiesContext
@EmbeddedKafka(
    partitions = 1,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    topics = {
      "ck.orders",
      "ck.invoices",
      "partner.events",
      "ck.sequence",
      "ck.batch",
      "ck.failing",
      "ck.dlt-source",
      "ck.dlt-source-dlt",
      "ck.malformed",
      "ck.trace",
      "ck.trace-forged",
      "ck.trace-ambiguous",
      "ck.kafka-requests",
      "ck.kafka-replies",
      "ck.batch-failing"
    })
@SuppressWarnings("try") // scopes are held for their effect
class KafkaContextPropagationIT {

  private static LogbackCapture logs;

  @Autowired KafkaTemplate<String, String> template;
  @Autowired KafkaListenerEndpointRegistry registry;
  @Autowired Listeners listeners;

  @BeforeEach
  void captureLogs() {
    // After the application started: Boot's logging system resets logback while starting.
    if (logs == null) {
      logs = LogbackCapture.attachToRoot();
    }
  }

  @AfterAll
  static void stopCapturingLogs() {
    logs.close();
    logs = null;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void listenerRunsInTheSendersContextAndPassesItOnDownstream() throws Exception {
    RequestContext sent = userContext("alice");
    try (ContextScope scope = sent.makeCurrent()) {
      template.send("ck.orders", "order-1").get(10, TimeUnit.SECONDS);
    }

    Seen order = take(listeners.orders, 30);
    Seen invoice = take(listeners.invoices, 30);

    for (Seen hop : List.of(order, invoice)) {
      assertThat(hop.traceId()).isEqualTo(sent.traceId());
      assertThat(hop.requestId()).isEqualTo(sent.requestId());
      assertThat(hop.userId()).isEqualTo("alice");
      assertThat(hop.mdcRequestId()).isEqualTo(sent.requestId());
      assertThat(hop.mdcUserId()).isEqualTo("alice");
    }
    assertThat(order.thread()).isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void thirdPartyTopicGetsTraceparentOnly() throws Exception {
    RequestContext sent = userContext("bob");
    try (ContextScope scope = sent.makeCurrent()) {
      template.send("partner.events", "event-1").get(10, TimeUnit.SECONDS);
    }

    Map<String, String> headers = take(listeners.partnerHeaders, 30);

    assertThat(headers).containsOnlyKeys("traceparent");
    assertThat(headers.get("traceparent")).startsWith("00-" + sent.traceId() + "-");
  }

  @Test
  void consumerThreadNeverKeepsAContextAfterItsMessage() throws Exception {
    long leaksBefore = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    Map<String, RequestContext> expected = new HashMap<>();
    for (int i = 0; i < 24; i++) {
      String label = "m" + i;
      if (i % 3 == 2) {
        // No context at all: the listener must see none of the previous message's.
        template.send("ck.sequence", label).get(10, TimeUnit.SECONDS);
      } else {
        RequestContext context = userContext("user-" + i);
        expected.put(label, context);
        try (ContextScope scope = context.makeCurrent()) {
          template.send("ck.sequence", label).get(10, TimeUnit.SECONDS);
        }
      }
    }

    List<String> requestIds = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Seen seen = take(listeners.sequence, 30);
      RequestContext context = expected.get(seen.label());
      if (context == null) {
        assertThat(seen.userId()).as(seen.label()).isNull();
        assertThat(seen.mdcUserId()).as(seen.label()).isNull();
      } else {
        assertThat(seen.userId()).as(seen.label()).isEqualTo(context.userId());
        assertThat(seen.mdcUserId()).as(seen.label()).isEqualTo(context.userId());
        assertThat(seen.requestId()).as(seen.label()).isEqualTo(context.requestId());
        assertThat(seen.traceId()).as(seen.label()).isEqualTo(context.traceId());
      }
      assertThat(seen.mdcRequestId()).as(seen.label()).isEqualTo(seen.requestId());
      requestIds.add(seen.requestId());
    }
    assertThat(requestIds).doesNotHaveDuplicates().doesNotContainNull();
    assertThat(listeners.sequenceThreads).hasSize(1);
    // Each message's scope was closed by the integration itself, not swept up by the barrier.
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(leaksBefore);
  }

  @Test
  void batchListenerGivesEveryRecordItsOwnContext() throws Exception {
    Map<String, RequestContext> expected = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      RequestContext context = userContext("batch-user-" + i);
      expected.put("b" + i, context);
      try (ContextScope scope = context.makeCurrent()) {
        template.send("ck.batch", "b" + i);
      }
    }
    template.flush();
    MessageListenerContainer container = registry.getListenerContainer("batch");
    container.start();

    for (int i = 0; i < 12; i++) {
      Seen seen = take(listeners.batch, 30);
      RequestContext context = expected.get(seen.label());
      assertThat(seen.userId()).as(seen.label()).isEqualTo(context.userId());
      assertThat(seen.requestId()).as(seen.label()).isEqualTo(context.requestId());
      assertThat(seen.traceId()).as(seen.label()).isEqualTo(context.traceId());
      assertThat(seen.mdcRequestId()).as(seen.label()).isEqualTo(context.requestId());
    }
    // The records really arrived together, and the batch itself ran in no record's context.
    assertThat(listeners.batchSizes).anySatisfy(size -> assertThat(size).isGreaterThan(1));
    assertThat(listeners.outsideForEach).allSatisfy(seen -> assertThat(seen.requestId()).isNull());
  }

  @Test
  void batchErrorHandlerRunsInTheFailedRecordsContext() throws Exception {
    RequestContext fine = userContext("batch-ok");
    RequestContext poison = userContext("batch-poison");
    try (ContextScope scope = fine.makeCurrent()) {
      template.send("ck.batch-failing", "fine").get(10, TimeUnit.SECONDS);
    }
    try (ContextScope scope = poison.makeCurrent()) {
      template.send("ck.batch-failing", "poison").get(10, TimeUnit.SECONDS);
    }

    List<ILoggingEvent> errors = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (errors.isEmpty() && System.nanoTime() < deadline) {
      for (ILoggingEvent event : logs.events()) {
        if (event.getLevel() == Level.ERROR
            && event.getFormattedMessage().contains("exhausted for ck.batch-failing-0@")) {
          errors.add(event);
        }
      }
      Thread.sleep(50);
    }
    assertThat(errors).isNotEmpty();
    assertThat(errors)
        .allSatisfy(
            event -> {
              assertThat(event.getMDCPropertyMap()).containsEntry("request_id", poison.requestId());
              assertThat(event.getMDCPropertyMap()).containsEntry("user_id", "batch-poison");
            });
    assertThat(listeners.batchFailing).contains("fine");
  }

  @Test
  void errorHandlerLogLineCarriesTheFailedRecordsRequestId() throws Exception {
    RequestContext sent = userContext("carol");
    try (ContextScope scope = sent.makeCurrent()) {
      template.send("ck.failing", "poison").get(10, TimeUnit.SECONDS);
    }

    // First delivery and one retry, both in the record's context.
    assertThat(take(listeners.failing, 30).requestId()).isEqualTo(sent.requestId());
    assertThat(take(listeners.failing, 30).requestId()).isEqualTo(sent.requestId());

    List<ILoggingEvent> errors = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (errors.isEmpty() && System.nanoTime() < deadline) {
      {
        for (ILoggingEvent event : logs.events()) {
          if (event.getLevel() == Level.ERROR
              && event.getFormattedMessage().contains("ck.failing-0@")) {
            errors.add(event);
          }
        }
      }
      Thread.sleep(50);
    }
    assertThat(errors).isNotEmpty();
    assertThat(errors)
        .allSatisfy(
            event -> {
              assertThat(event.getMDCPropertyMap()).containsEntry("request_id", sent.requestId());
              assertThat(event.getMDCPropertyMap()).containsEntry("user_id", "carol");
            });
  }

  @Test
  void deadLetterRecordCarriesTheFailedRecordsContext() throws Exception {
    RequestContext sent = userContext("dave");
    try (ContextScope scope = sent.makeCurrent()) {
      template.send("ck.dlt-source", "poison").get(10, TimeUnit.SECONDS);
    }

    Seen dead = take(listeners.deadLetters, 30);

    assertThat(dead.requestId()).isEqualTo(sent.requestId());
    assertThat(dead.traceId()).isEqualTo(sent.traceId());
    assertThat(dead.userId()).isEqualTo("dave");
  }

  @Test
  void malformedHeadersAreDroppedAndCountedWithoutStoppingTheConsumer() throws Exception {
    ContextCounters counters = ContextKit.counters();
    long traceparentBefore = counters.get(Counter.TRACEPARENT_INVALID);
    long baggageBefore =
        counters.get(Counter.BAGGAGE_DROPPED_ENTRIES)
            + counters.get(Counter.BAGGAGE_INVALID_ENTRIES);
    long requestIdBefore = counters.get(Counter.REQUEST_ID_INVALID);

    ProducerRecord<String, String> garbage = new ProducerRecord<>("ck.malformed", "garbage");
    garbage.headers().add("traceparent", ascii("00-not-a-trace-id-at-all-01"));
    ProducerRecord<String, String> huge = new ProducerRecord<>("ck.malformed", "huge");
    StringBuilder baggage = new StringBuilder();
    for (int i = 0; baggage.length() < 100_000; i++) {
      baggage.append("k").append(i).append("=").append("v".repeat(40)).append(',');
    }
    huge.headers().add("baggage", ascii(baggage.toString()));
    ProducerRecord<String, String> binary = new ProducerRecord<>("ck.malformed", "binary");
    binary.headers().add("traceparent", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
    binary.headers().add("x-request-id", new byte[] {(byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1});
    binary
        .headers()
        .add("baggage", new byte[] {'u', 's', 'e', 'r', '_', 'i', 'd', '=', (byte) 0xe2});
    ProducerRecord<String, String> fine = new ProducerRecord<>("ck.malformed", "fine");

    assertThat(RequestContext.current().isEmpty()).isTrue();
    for (ProducerRecord<String, String> record : List.of(garbage, huge, binary, fine)) {
      template.send(record).get(10, TimeUnit.SECONDS);
    }

    List<String> processed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Seen seen = take(listeners.malformed, 30);
      processed.add(seen.label());
      assertThat(seen.userId()).isNull();
      assertThat(seen.traceId()).isNotNull();
      assertThat(seen.requestId()).isNotNull();
    }
    assertThat(processed).containsExactly("garbage", "huge", "binary", "fine");
    assertThat(counters.get(Counter.TRACEPARENT_INVALID))
        .isGreaterThanOrEqualTo(traceparentBefore + 2);
    assertThat(
            counters.get(Counter.BAGGAGE_DROPPED_ENTRIES)
                + counters.get(Counter.BAGGAGE_INVALID_ENTRIES))
        .isGreaterThan(baggageBefore);
    assertThat(counters.get(Counter.REQUEST_ID_INVALID)).isGreaterThan(requestIdBefore);
  }

  @Test
  void listenerReplyCarriesTheContext() throws Exception {
    RequestContext sent = userContext("frank");
    try (ContextScope scope = sent.makeCurrent()) {
      template.send("ck.kafka-requests", "question").get(10, TimeUnit.SECONDS);
    }

    Seen reply = take(listeners.replies, 30);

    assertThat(reply.label()).isEqualTo("answer-to-question");
    assertThat(reply.traceId()).isEqualTo(sent.traceId());
    assertThat(reply.requestId()).isEqualTo(sent.requestId());
    assertThat(reply.userId()).isEqualTo("frank");
  }

  @Test
  void traceMessageFromTheDeploymentRunsAsTrace() throws Exception {
    RequestContext sent = userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
    try (ContextScope scope = sent.makeCurrent()) {
      template.send("ck.trace", "dry-run").get(10, TimeUnit.SECONDS);
    }

    RequestContext seen = take(listeners.traces, 30);

    assertThat(seen.isTrace()).isTrue();
    assertThat(seen.requestId()).isEqualTo(sent.requestId());
  }

  /** A record as its producer wrote it {@code age} ago: headers signed by the producer's clock. */
  private ProducerRecord<String, String> producedAgo(
      String topic, String value, RequestContext sent, Duration age, boolean asMessage) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, value);
    ContextPropagator producer =
        MessagingTestSupport.deploymentPropagatorAt(Instant.now().minus(age));
    if (asMessage) {
      producer.injectMessage(
          sent, record.headers(), KafkaHeaderAccess.INSTANCE, OutboundPolicy.FULL);
    } else {
      producer.inject(sent, record.headers(), KafkaHeaderAccess.INSTANCE, OutboundPolicy.FULL);
    }
    return record;
  }

  @Test
  void recordConsumedTenMinutesAfterItWasProducedKeepsItsUser() throws Exception {
    RequestContext sent = userContext("lena");
    // Sent outside any scope: the producer interceptor leaves the old headers as they are.
    template
        .send(producedAgo("ck.orders", "late-order", sent, Duration.ofMinutes(10), true))
        .get(10, TimeUnit.SECONDS);

    Seen order = take(listeners.orders, 30);
    Seen invoice = take(listeners.invoices, 30);

    assertThat(order.label()).isEqualTo("late-order");
    assertThat(order.userId()).isEqualTo("lena");
    assertThat(order.requestId()).isEqualTo(sent.requestId());
    assertThat(order.traceId()).isEqualTo(sent.traceId());
    assertThat(invoice.userId()).isEqualTo("lena");
  }

  @Test
  void recordConsumedAfterItsMessageTtlJoinsItsTraceAndRequestWithoutItsUser() throws Exception {
    RequestContext sent = userContext("otto");
    template
        .send(producedAgo("ck.orders", "very-late-order", sent, Duration.ofHours(2), true))
        .get(10, TimeUnit.SECONDS);

    Seen order = take(listeners.orders, 30);
    Seen invoice = take(listeners.invoices, 30);

    assertThat(order.label()).isEqualTo("very-late-order");
    assertThat(order.requestId()).isEqualTo(sent.requestId());
    assertThat(order.mdcRequestId()).isEqualTo(sent.requestId());
    assertThat(order.traceId()).isEqualTo(sent.traceId());
    assertThat(order.userId()).isNull();
    assertThat(order.mdcUserId()).isNull();
    // The next hop is signed afresh: it carries the same request, still without the user.
    assertThat(invoice.requestId()).isEqualTo(sent.requestId());
    assertThat(invoice.userId()).isNull();
  }

  @Test
  void recordForwardedWithARequestSignatureKeepsItsRequestButNotItsUserOnceThatExpired()
      throws Exception {
    // A request's headers copied onto a record: authentic, but a request signature lives 60 s.
    RequestContext sent = userContext("rita");
    template
        .send(producedAgo("ck.orders", "request-signed-order", sent, Duration.ofMinutes(10), false))
        .get(10, TimeUnit.SECONDS);

    Seen order = take(listeners.orders, 30);
    take(listeners.invoices, 30);

    assertThat(order.label()).isEqualTo("request-signed-order");
    assertThat(order.requestId()).isEqualTo(sent.requestId());
    assertThat(order.traceId()).isEqualTo(sent.traceId());
    assertThat(order.userId()).isNull();
  }

  @Test
  void lateRecordWithATamperedUserIsAStranger() throws Exception {
    RequestContext sent = userContext("mallory");
    ProducerRecord<String, String> record =
        producedAgo("ck.orders", "tampered-order", sent, Duration.ofHours(2), true);
    String baggage =
        new String(record.headers().lastHeader("baggage").value(), StandardCharsets.UTF_8);
    record.headers().remove("baggage");
    record.headers().add("baggage", ascii(baggage.replace("mallory", "admin")));
    template.send(record).get(10, TimeUnit.SECONDS);

    Seen order = take(listeners.orders, 30);
    take(listeners.invoices, 30);

    assertThat(order.label()).isEqualTo("tampered-order");
    assertThat(order.userId()).isNull();
    assertThat(order.requestId()).isNotEqualTo(sent.requestId());
    assertThat(order.traceId()).isNotEqualTo(sent.traceId());
  }

  @Test
  void traceRecordConsumedAfterItsMessageTtlStillRunsAsTrace() throws Exception {
    RequestContext sent = userContext("tilo").toBuilder().requestType(RequestType.TRACE).build();
    template
        .send(producedAgo("ck.trace", "late-dry-run", sent, Duration.ofHours(2), true))
        .get(10, TimeUnit.SECONDS);

    RequestContext seen = take(listeners.traces, 30);

    assertThat(seen.isTrace()).isTrue();
    assertThat(seen.requestId()).isEqualTo(sent.requestId());
    assertThat(seen.userId()).isNull();
  }

  @Test
  void unsignedTraceMessageIsSkippedNeverRunAsStandard() throws Exception {
    ProducerRecord<String, String> forged = new ProducerRecord<>("ck.trace-forged", "forged");
    forged.headers().add("baggage", ascii("request_type=TRACE,user_id=mallory"));
    template.send(forged).get(10, TimeUnit.SECONDS);
    template.send("ck.trace-forged", "honest").get(10, TimeUnit.SECONDS);

    // The consumer skipped the forged record and went on with the next one.
    assertThat(take(listeners.forged, 30).label()).isEqualTo("honest");
    assertThat(listeners.forged).isEmpty();
    assertThat(logs.events())
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains("Skipped a Kafka message from 'ck.trace-forged'"));
  }

  /**
   * A record whose {@code request_type} is ambiguous is skipped and counted, never run as STANDARD
   * — even when it comes from the deployment: here a signed STANDARD context (valid signature, so
   * trusted) to which a tester's tool added {@code Request_Type=TRACE}.
   */
  @Test
  void recordWithAnAmbiguousRequestTypeIsSkippedNeverRunAsStandard() throws Exception {
    long malformedBefore = ContextKit.counters().get(Counter.REQUEST_TYPE_MALFORMED);
    ProducerRecord<String, String> signed = new ProducerRecord<>("ck.trace-ambiguous", "signed");
    MessagingTestSupport.deploymentPropagator()
        .inject(
            userContext("tina"), signed.headers(), KafkaHeaderAccess.INSTANCE, OutboundPolicy.FULL);
    String baggage = KafkaHeaderAccess.INSTANCE.get(signed.headers(), "baggage");
    assertThat(baggage).contains("request_type=STANDARD");
    signed.headers().remove("baggage");
    signed.headers().add("baggage", ascii(baggage + ",Request_Type=TRACE"));
    ProducerRecord<String, String> repeated =
        new ProducerRecord<>("ck.trace-ambiguous", "repeated");
    repeated.headers().add("baggage", ascii("request_type=TRACE,request_type=STANDARD"));
    ProducerRecord<String, String> encoded = new ProducerRecord<>("ck.trace-ambiguous", "encoded");
    encoded.headers().add("baggage", ascii("request_type=%54RACE"));

    for (ProducerRecord<String, String> record : List.of(signed, repeated, encoded)) {
      template.send(record).get(10, TimeUnit.SECONDS);
    }
    template.send("ck.trace-ambiguous", "honest").get(10, TimeUnit.SECONDS);

    // One partition: the consumer skipped the three records before it and went on.
    assertThat(take(listeners.ambiguous, 30).label()).isEqualTo("honest");
    assertThat(listeners.ambiguous).isEmpty();
    assertThat(ContextKit.counters().get(Counter.REQUEST_TYPE_MALFORMED))
        .isGreaterThanOrEqualTo(malformedBefore + 3);
    assertThat(logs.events())
        .filteredOn(
            event ->
                event
                    .getFormattedMessage()
                    .contains("Skipped a Kafka message from 'ck.trace-ambiguous'"))
        .hasSize(3)
        .allSatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains("malformed")
                    .doesNotContain("Request_Type", "%54"));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
      return new DefaultErrorHandler(new FixedBackOff(0L, 1L));
    }

    /** A factory the user declares: the starter must cover it too. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
        ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
        ConsumerFactory<Object, Object> consumerFactory) {
      ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
          new ConcurrentKafkaListenerContainerFactory<>();
      configurer.configure(factory, consumerFactory);
      factory.setBatchListener(true);
      return factory;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> dltFactory(
        ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
        ConsumerFactory<Object, Object> consumerFactory,
        KafkaTemplate<Object, Object> template) {
      ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
          new ConcurrentKafkaListenerContainerFactory<>();
      configurer.configure(factory, consumerFactory);
      factory.setCommonErrorHandler(
          new DefaultErrorHandler(
              new DeadLetterPublishingRecoverer(template), new FixedBackOff(0L, 0L)));
      return factory;
    }

    @Bean
    Listeners listeners(KafkaTemplate<String, String> template) {
      return new Listeners(template);
    }
  }

  static class Listeners {
    final BlockingQueue<Seen> orders = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> invoices = new LinkedBlockingQueue<>();
    final BlockingQueue<Map<String, String>> partnerHeaders = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> sequence = new LinkedBlockingQueue<>();
    final java.util.Set<String> sequenceThreads =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    final BlockingQueue<Seen> batch = new LinkedBlockingQueue<>();
    final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Seen> outsideForEach = new java.util.concurrent.CopyOnWriteArrayList<>();
    final BlockingQueue<Seen> failing = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> deadLetters = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> malformed = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> replies = new LinkedBlockingQueue<>();
    final BlockingQueue<RequestContext> traces = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> forged = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> ambiguous = new LinkedBlockingQueue<>();
    final List<String> batchFailing = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final KafkaTemplate<String, String> template;

    Listeners(KafkaTemplate<String, String> template) {
      this.template = template;
    }

    @KafkaListener(topics = "ck.orders")
    void onOrder(String order) {
      orders.add(Seen.now(order));
      template.send("ck.invoices", "invoice-for-" + order);
    }

    @KafkaListener(topics = "ck.invoices")
    void onInvoice(String invoice) {
      invoices.add(Seen.now(invoice));
    }

    @KafkaListener(topics = "partner.events")
    void onPartnerEvent(ConsumerRecord<String, String> record) {
      Map<String, String> headers = new HashMap<>();
      for (Header header : record.headers()) {
        headers.put(header.key(), new String(header.value(), StandardCharsets.ISO_8859_1));
      }
      partnerHeaders.add(headers);
    }

    @KafkaListener(topics = "ck.sequence")
    void onSequence(String label) {
      sequenceThreads.add(Thread.currentThread().getName());
      sequence.add(Seen.now(label));
    }

    @KafkaListener(
        id = "batch",
        topics = "ck.batch",
        containerFactory = "batchFactory",
        autoStartup = "false")
    void onBatch(List<ConsumerRecord<String, String>> records) {
      batchSizes.add(records.size());
      outsideForEach.add(Seen.now("batch-of-" + records.size()));
      ContextKitKafka.forEachRecord(records, record -> batch.add(Seen.now(record.value())));
      outsideForEach.add(Seen.now("after-batch-of-" + records.size()));
    }

    @KafkaListener(topics = "ck.batch-failing", containerFactory = "batchFactory")
    void onBatchFailing(List<ConsumerRecord<String, String>> records) {
      ContextKitKafka.forEachRecord(
          records,
          record -> {
            if (record.value().equals("poison")) {
              throw new IllegalStateException("cannot process " + record.value());
            }
            batchFailing.add(record.value());
          });
    }

    @KafkaListener(topics = "ck.failing")
    void onFailing(String value) {
      failing.add(Seen.now(value));
      throw new IllegalStateException("cannot process " + value);
    }

    @KafkaListener(topics = "ck.dlt-source", containerFactory = "dltFactory")
    void onDltSource(String value) {
      throw new IllegalStateException("cannot process " + value);
    }

    @KafkaListener(topics = "ck.dlt-source-dlt", groupId = "ck-dlt-reader")
    void onDeadLetter(String value) {
      deadLetters.add(Seen.now(value));
    }

    @KafkaListener(topics = "ck.kafka-requests")
    @SendTo("ck.kafka-replies")
    String onRequest(String question) {
      return "answer-to-" + question;
    }

    @KafkaListener(topics = "ck.kafka-replies")
    void onReply(String answer) {
      replies.add(Seen.now(answer));
    }

    @KafkaListener(topics = "ck.trace")
    void onTrace(String value) {
      traces.add(RequestContext.current());
    }

    @KafkaListener(topics = "ck.trace-forged")
    void onForged(String value) {
      forged.add(Seen.now(value));
    }

    @KafkaListener(topics = "ck.trace-ambiguous")
    void onAmbiguous(String value) {
      ambiguous.add(Seen.now(value));
    }

    @KafkaListener(topics = "ck.malformed")
    void onMalformed(String value) {
      malformed.add(Seen.now(value));
    }
  }
}
