package io.contextkit.spring.autoconfigure.amqp;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.take;
import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.ContextCounters;
import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.Seen;
import io.contextkit.testsupport.LogbackCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The AMQP integration against a real AMQP 0-9-1 broker (Qpid Broker-J in the test JVM, see {@link
 * QpidBrokerExtension}): Boot's {@code RabbitTemplate} and listener container factory, plus a
 * user-declared batch factory, with the starter on top.
 */
@ExtendWith(QpidBrokerExtension.class)
@SpringBootTest(
    classes = RabbitContextPropagationIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=ck.*",
      "spring.rabbitmq.host=127.0.0.1",
      "spring.rabbitmq.listener.simple.concurrency=1",
      "spring.rabbitmq.listener.simple.max-concurrency=1",
      "spring.rabbitmq.listener.simple.retry.enabled=true",
      "spring.rabbitmq.listener.simple.retry.max-retries=1",
      "spring.rabbitmq.listener.simple.retry.initial-interval=10ms"
    })
@SuppressWarnings("try") // scopes are held for their effect
class RabbitContextPropagationIT {

  private static LogbackCapture logs;

  @Autowired RabbitTemplate rabbitTemplate;
  @Autowired RabbitListenerEndpointRegistry registry;
  @Autowired Listeners listeners;

  @DynamicPropertySource
  static void brokerPort(DynamicPropertyRegistry registry) {
    registry.add("spring.rabbitmq.port", QpidBrokerExtension::port);
  }

  @BeforeEach
  void captureLogs() {
    if (logs == null) {
      logs = LogbackCapture.attachToRoot();
    }
  }

  @Test
  void listenerRunsInTheSendersContextAndPassesItOnDownstream() throws Exception {
    RequestContext sent = userContext("alice");
    try (ContextScope scope = sent.makeCurrent()) {
      rabbitTemplate.convertAndSend("ck.orders", "order-1");
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
  }

  @Test
  void listenerReplyCarriesTheContext() throws Exception {
    RequestContext sent = userContext("frank");
    try (ContextScope scope = sent.makeCurrent()) {
      rabbitTemplate.convertAndSend("ck.requests", "question");
    }

    Seen reply = take(listeners.replies, 30);

    assertThat(reply.label()).isEqualTo("answer-to-question");
    assertThat(reply.traceId()).isEqualTo(sent.traceId());
    assertThat(reply.requestId()).isEqualTo(sent.requestId());
    assertThat(reply.userId()).isEqualTo("frank");
  }

  @Test
  void thirdPartyQueueGetsTraceparentOnly() throws Exception {
    RequestContext sent = userContext("bob");
    try (ContextScope scope = sent.makeCurrent()) {
      rabbitTemplate.convertAndSend("partner.queue", "event-1");
    }

    Map<String, Object> headers = take(listeners.partnerHeaders, 30);

    assertThat(headers).containsOnlyKeys("traceparent");
    assertThat(headers.get("traceparent").toString()).startsWith("00-" + sent.traceId() + "-");
  }

  @Test
  void listenerThreadNeverKeepsAContextAfterItsMessage() throws Exception {
    long leaksBefore = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    Map<String, RequestContext> expected = new HashMap<>();
    for (int i = 0; i < 24; i++) {
      String label = "m" + i;
      if (i % 3 == 2) {
        rabbitTemplate.convertAndSend("ck.sequence", label);
      } else {
        RequestContext context = userContext("user-" + i);
        expected.put(label, context);
        try (ContextScope scope = context.makeCurrent()) {
          rabbitTemplate.convertAndSend("ck.sequence", label);
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
  void batchListenerGivesEveryMessageItsOwnContext() throws Exception {
    Map<String, RequestContext> expected = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      RequestContext context = userContext("batch-user-" + i);
      expected.put("b" + i, context);
      try (ContextScope scope = context.makeCurrent()) {
        rabbitTemplate.convertAndSend("ck.batch", "b" + i);
      }
    }
    registry.getListenerContainer("batch").start();

    for (int i = 0; i < 12; i++) {
      Seen seen = take(listeners.batch, 30);
      RequestContext context = expected.get(seen.label());
      assertThat(seen.userId()).as(seen.label()).isEqualTo(context.userId());
      assertThat(seen.requestId()).as(seen.label()).isEqualTo(context.requestId());
      assertThat(seen.traceId()).as(seen.label()).isEqualTo(context.traceId());
      assertThat(seen.mdcRequestId()).as(seen.label()).isEqualTo(context.requestId());
    }
    assertThat(listeners.batchSizes).anySatisfy(size -> assertThat(size).isGreaterThan(1));
    assertThat(listeners.outsideForEach).allSatisfy(seen -> assertThat(seen.requestId()).isNull());
  }

  @Test
  void retriesAndTheRecovererRunInTheFailedMessagesContext() throws Exception {
    RequestContext sent = userContext("carol");
    try (ContextScope scope = sent.makeCurrent()) {
      rabbitTemplate.convertAndSend("ck.failing", "poison");
    }

    assertThat(take(listeners.failing, 30).requestId()).isEqualTo(sent.requestId());
    assertThat(take(listeners.failing, 30).requestId()).isEqualTo(sent.requestId());

    List<ILoggingEvent> exhausted = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (exhausted.isEmpty() && System.nanoTime() < deadline) {
      for (ILoggingEvent event : logs.events()) {
        if (event.getLevel() == Level.WARN
            && event.getFormattedMessage().startsWith("Retries exhausted")
            && event.getFormattedMessage().contains("poison")) {
          exhausted.add(event);
        }
      }
      Thread.sleep(50);
    }
    assertThat(exhausted).isNotEmpty();
    // The container's own error handler line, logged after the advice chain returned.
    List<ILoggingEvent> failed = new ArrayList<>();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (failed.isEmpty() && System.nanoTime() < deadline) {
      for (ILoggingEvent event : logs.events()) {
        if (event.getLevel() == Level.WARN
            && event.getFormattedMessage().startsWith("Execution of Rabbit message listener failed")
            && event.getThrowableProxy() != null
            && causes(event.getThrowableProxy()).contains("cannot process poison")) {
          failed.add(event);
        }
      }
      Thread.sleep(50);
    }
    exhausted.addAll(failed);
    assertThat(failed).isNotEmpty();
    assertThat(exhausted)
        .allSatisfy(
            event -> {
              assertThat(event.getMDCPropertyMap()).containsEntry("request_id", sent.requestId());
              assertThat(event.getMDCPropertyMap()).containsEntry("user_id", "carol");
            });
  }

  @Test
  void malformedHeadersAreDroppedAndCountedWithoutStoppingTheListener() throws Exception {
    ContextCounters counters = ContextKit.counters();
    long traceparentBefore = counters.get(Counter.TRACEPARENT_INVALID);
    long baggageBefore =
        counters.get(Counter.BAGGAGE_DROPPED_ENTRIES)
            + counters.get(Counter.BAGGAGE_INVALID_ENTRIES);
    long requestIdBefore = counters.get(Counter.REQUEST_ID_INVALID);
    StringBuilder baggage = new StringBuilder();
    for (int i = 0; baggage.length() < 100_000; i++) {
      baggage.append("k").append(i).append('=').append("v".repeat(40)).append(',');
    }

    assertThat(RequestContext.current().isEmpty()).isTrue();
    rabbitTemplate.send("ck.malformed", message("garbage", "traceparent", "00-not-a-trace-01"));
    rabbitTemplate.send("ck.malformed", message("huge", "baggage", baggage.toString()));
    Message binary = message("binary", "traceparent", 42);
    binary
        .getMessageProperties()
        .setHeader("x-request-id", new byte[] {(byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1});
    rabbitTemplate.send("ck.malformed", binary);
    rabbitTemplate.convertAndSend("ck.malformed", "fine");

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
  void unsignedTraceMessageIsSkippedNeverRunAsStandard() throws Exception {
    rabbitTemplate.send(
        "ck.forged", message("forged", "baggage", "request_type=TRACE,user_id=mallory"));
    rabbitTemplate.convertAndSend("ck.forged", "honest");

    assertThat(take(listeners.forged, 30).label()).isEqualTo("honest");
    assertThat(listeners.forged).isEmpty();
  }

  private static String causes(ch.qos.logback.classic.spi.IThrowableProxy throwable) {
    StringBuilder messages = new StringBuilder();
    for (ch.qos.logback.classic.spi.IThrowableProxy t = throwable; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static Message message(String body, String header, Object value) {
    MessageProperties properties = new MessageProperties();
    properties.setHeader(header, value);
    return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
        .andProperties(properties)
        .build();
  }

  private static String text(Message message) {
    return new String(message.getBody(), StandardCharsets.UTF_8);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }

    @Bean
    Queue orders() {
      return new Queue("ck.orders", false);
    }

    @Bean
    Queue invoices() {
      return new Queue("ck.invoices", false);
    }

    @Bean
    Queue partner() {
      return new Queue("partner.queue", false);
    }

    @Bean
    Queue sequence() {
      return new Queue("ck.sequence", false);
    }

    @Bean
    Queue batch() {
      return new Queue("ck.batch", false);
    }

    @Bean
    Queue failing() {
      return new Queue("ck.failing", false);
    }

    @Bean
    Queue requests() {
      return new Queue("ck.requests", false);
    }

    @Bean
    Queue replies() {
      return new Queue("ck.replies", false);
    }

    @Bean
    Queue forged() {
      return new Queue("ck.forged", false);
    }

    @Bean
    Queue malformed() {
      return new Queue("ck.malformed", false);
    }

    /** A factory the user declares: the starter must cover it too. */
    @Bean
    SimpleRabbitListenerContainerFactory batchFactory(
        SimpleRabbitListenerContainerFactoryConfigurer configurer,
        ConnectionFactory connectionFactory) {
      SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
      configurer.configure(factory, connectionFactory);
      factory.setAdviceChain();
      factory.setBatchListener(true);
      factory.setConsumerBatchEnabled(true);
      factory.setBatchSize(20);
      factory.setReceiveTimeout(200L);
      return factory;
    }

    @Bean
    Listeners listeners(RabbitTemplate rabbitTemplate) {
      return new Listeners(rabbitTemplate);
    }
  }

  static class Listeners {
    final BlockingQueue<Seen> orders = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> invoices = new LinkedBlockingQueue<>();
    final BlockingQueue<Map<String, Object>> partnerHeaders = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> sequence = new LinkedBlockingQueue<>();
    final Set<String> sequenceThreads = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Seen> batch = new LinkedBlockingQueue<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final List<Seen> outsideForEach = new CopyOnWriteArrayList<>();
    final BlockingQueue<Seen> failing = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> malformed = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> forged = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> replies = new LinkedBlockingQueue<>();
    private final RabbitTemplate rabbitTemplate;

    Listeners(RabbitTemplate rabbitTemplate) {
      this.rabbitTemplate = rabbitTemplate;
    }

    @RabbitListener(queues = "ck.orders")
    void onOrder(String order) {
      orders.add(Seen.now(order));
      rabbitTemplate.convertAndSend("ck.invoices", "invoice-for-" + order);
    }

    @RabbitListener(queues = "ck.invoices")
    void onInvoice(String invoice) {
      invoices.add(Seen.now(invoice));
    }

    @RabbitListener(queues = "partner.queue")
    void onPartner(Message message) {
      partnerHeaders.add(new HashMap<>(message.getMessageProperties().getHeaders()));
    }

    @RabbitListener(queues = "ck.sequence")
    void onSequence(String label) {
      sequenceThreads.add(Thread.currentThread().getName());
      sequence.add(Seen.now(label));
    }

    @RabbitListener(
        id = "batch",
        queues = "ck.batch",
        containerFactory = "batchFactory",
        autoStartup = "false")
    void onBatch(List<Message> messages) {
      batchSizes.add(messages.size());
      outsideForEach.add(Seen.now("batch-of-" + messages.size()));
      ContextKitRabbit.forEachMessage(messages, message -> batch.add(Seen.now(text(message))));
      outsideForEach.add(Seen.now("after-batch-of-" + messages.size()));
    }

    @RabbitListener(queues = "ck.failing")
    void onFailing(String value) {
      failing.add(Seen.now(value));
      throw new IllegalStateException("cannot process " + value);
    }

    @RabbitListener(queues = "ck.requests")
    @SendTo("ck.replies")
    String onRequest(String question) {
      return "answer-to-" + question;
    }

    @RabbitListener(queues = "ck.replies")
    void onReply(String answer) {
      replies.add(Seen.now(answer));
    }

    @RabbitListener(queues = "ck.forged")
    void onForged(String label) {
      forged.add(Seen.now(label));
    }

    @RabbitListener(queues = "ck.malformed")
    void onMalformed(Message message) {
      malformed.add(Seen.now(text(message)));
    }
  }
}
