package io.contextkit.spring.autoconfigure.jms;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.take;
import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.contextkit.ContextCounters;
import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.Seen;
import io.contextkit.testsupport.LogbackCapture;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * The JMS integration against a real broker: Artemis embedded in the test JVM (Boot's
 * spring-boot-artemis embedded mode), Boot's {@code JmsTemplate} and listener container factory,
 * with the starter on top.
 */
@SpringBootTest(
    classes = JmsContextPropagationIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=ck.*",
      "spring.artemis.mode=embedded",
      "spring.artemis.embedded.queues=ck.orders,ck.invoices,ck.audit,partner.queue,ck.requests,"
          + "ck.replies,ck.sequence,ck.malformed,ck.forged,ck.failing",
      "spring.jms.listener.min-concurrency=1",
      "spring.jms.listener.max-concurrency=1"
    })
@SuppressWarnings("try") // scopes are held for their effect
class JmsContextPropagationIT {

  private static LogbackCapture logs;

  @Autowired JmsTemplate jmsTemplate;
  @Autowired Listeners listeners;

  @BeforeEach
  void captureLogs() {
    // After the application started: Boot's logging system resets logback while starting.
    if (logs == null) {
      logs = LogbackCapture.attachToRoot();
    }
  }

  @Test
  void listenerRunsInTheSendersContextAndPassesItOnDownstream() throws Exception {
    RequestContext sent = userContext("alice");
    try (ContextScope scope = sent.makeCurrent()) {
      jmsTemplate.convertAndSend("ck.orders", "order-1");
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
  void contextTravelsAsPropertiesWithIdentifierNames() throws Exception {
    RequestContext sent = userContext("erin");
    try (ContextScope scope = sent.makeCurrent()) {
      jmsTemplate.convertAndSend("ck.audit", "audit-1");
    }

    Set<String> names = take(listeners.auditProperties, 30);
    assertThat(names)
        .contains("traceparent", "baggage", "x_request_id", "contextkit_signature")
        .allSatisfy(name -> assertThat(isJavaIdentifier(name)).as(name).isTrue());
  }

  @Test
  void thirdPartyQueueGetsTraceparentOnly() throws Exception {
    RequestContext sent = userContext("bob");
    try (ContextScope scope = sent.makeCurrent()) {
      jmsTemplate.convertAndSend("partner.queue", "event-1");
    }

    Map<String, String> properties = take(listeners.partnerProperties, 30);

    assertThat(properties).containsOnlyKeys("traceparent");
    assertThat(properties.get("traceparent")).startsWith("00-" + sent.traceId() + "-");
  }

  @Test
  void listenerReplyCarriesTheContext() throws Exception {
    RequestContext sent = userContext("frank");
    try (ContextScope scope = sent.makeCurrent()) {
      jmsTemplate.convertAndSend("ck.requests", "question");
    }

    Seen request = take(listeners.requests, 30);
    Seen reply = take(listeners.replies, 30);

    assertThat(reply.label()).isEqualTo("answer-to-question");
    assertThat(request.requestId()).isEqualTo(sent.requestId());
    assertThat(reply.traceId()).isEqualTo(sent.traceId());
    assertThat(reply.requestId()).isEqualTo(sent.requestId());
    assertThat(reply.userId()).isEqualTo("frank");
  }

  @Test
  void listenerThreadNeverKeepsAContextAfterItsMessage() throws Exception {
    long leaksBefore = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    Map<String, RequestContext> expected = new HashMap<>();
    for (int i = 0; i < 24; i++) {
      String label = "m" + i;
      if (i % 3 == 2) {
        jmsTemplate.convertAndSend("ck.sequence", label);
      } else {
        RequestContext context = userContext("user-" + i);
        expected.put(label, context);
        try (ContextScope scope = context.makeCurrent()) {
          jmsTemplate.convertAndSend("ck.sequence", label);
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
  void malformedPropertiesAreDroppedAndCountedWithoutStoppingTheListener() throws Exception {
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
    jmsTemplate.convertAndSend(
        "ck.malformed",
        "garbage",
        message -> {
          message.setStringProperty("traceparent", "00-not-a-trace-id-at-all-01");
          return message;
        });
    jmsTemplate.convertAndSend(
        "ck.malformed",
        "huge",
        message -> {
          message.setStringProperty("baggage", baggage.toString());
          return message;
        });
    jmsTemplate.convertAndSend(
        "ck.malformed",
        "typed",
        message -> {
          message.setLongProperty("traceparent", 42L);
          message.setStringProperty("x_request_id", "caf\u00e9 \u0000 id");
          return message;
        });
    jmsTemplate.convertAndSend("ck.malformed", "fine");

    List<String> processed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Seen seen = take(listeners.malformed, 30);
      processed.add(seen.label());
      assertThat(seen.userId()).isNull();
      assertThat(seen.traceId()).isNotNull();
      assertThat(seen.requestId()).isNotNull();
    }
    assertThat(processed).containsExactly("garbage", "huge", "typed", "fine");
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
    jmsTemplate.convertAndSend(
        "ck.forged",
        "forged",
        message -> {
          message.setStringProperty("baggage", "request_type=TRACE,user_id=mallory");
          return message;
        });
    jmsTemplate.convertAndSend("ck.forged", "honest");

    assertThat(take(listeners.forged, 30).label()).isEqualTo("honest");
    assertThat(listeners.forged).isEmpty();
  }

  @Test
  void containerErrorLogLineCarriesTheFailedMessagesRequestId() throws Exception {
    RequestContext sent = userContext("carol");
    try (ContextScope scope = sent.makeCurrent()) {
      jmsTemplate.convertAndSend("ck.failing", "poison");
    }

    assertThat(take(listeners.failing, 30).requestId()).isEqualTo(sent.requestId());
    List<ILoggingEvent> failed = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (failed.isEmpty() && System.nanoTime() < deadline) {
      for (ILoggingEvent event : logs.events()) {
        if (event.getFormattedMessage().startsWith("Execution of JMS message listener failed")
            && event.getThrowableProxy() != null
            && causes(event.getThrowableProxy()).contains("cannot process poison")) {
          failed.add(event);
        }
      }
      Thread.sleep(50);
    }
    assertThat(failed).isNotEmpty();
    assertThat(failed)
        .allSatisfy(
            event -> {
              assertThat(event.getMDCPropertyMap()).containsEntry("request_id", sent.requestId());
              assertThat(event.getMDCPropertyMap()).containsEntry("user_id", "carol");
            });
  }

  private static String causes(IThrowableProxy throwable) {
    StringBuilder messages = new StringBuilder();
    for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static boolean isJavaIdentifier(String name) {
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The application's own message properties: no JMS, JMSX or broker-internal ones. */
  static Map<String, String> applicationProperties(Message message) throws JMSException {
    Map<String, String> properties = new HashMap<>();
    java.util.Enumeration<?> names = message.getPropertyNames();
    while (names.hasMoreElements()) {
      String key = (String) names.nextElement();
      if (!key.startsWith("JMS") && !key.startsWith("_")) {
        properties.put(key, message.getStringProperty(key));
      }
    }
    return properties;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }

    @Bean
    Listeners listeners(JmsTemplate jmsTemplate) {
      return new Listeners(jmsTemplate);
    }
  }

  static class Listeners {
    final BlockingQueue<Seen> orders = new LinkedBlockingQueue<>();
    final BlockingQueue<Set<String>> auditProperties = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> invoices = new LinkedBlockingQueue<>();
    final BlockingQueue<Map<String, String>> partnerProperties = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> replies = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> sequence = new LinkedBlockingQueue<>();
    final Set<String> sequenceThreads = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Seen> malformed = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> forged = new LinkedBlockingQueue<>();
    final BlockingQueue<Seen> failing = new LinkedBlockingQueue<>();
    private final JmsTemplate jmsTemplate;

    Listeners(JmsTemplate jmsTemplate) {
      this.jmsTemplate = jmsTemplate;
    }

    @JmsListener(destination = "ck.orders")
    void onOrder(TextMessage message) throws JMSException {
      orders.add(Seen.now(message.getText()));
      jmsTemplate.convertAndSend("ck.invoices", "invoice-for-" + message.getText());
    }

    @JmsListener(destination = "ck.audit")
    void onAudit(Message message) throws JMSException {
      auditProperties.add(new TreeSet<>(applicationProperties(message).keySet()));
    }

    @JmsListener(destination = "ck.invoices")
    void onInvoice(String invoice) {
      invoices.add(Seen.now(invoice));
    }

    @JmsListener(destination = "partner.queue")
    void onPartner(Message message) throws JMSException {
      partnerProperties.add(applicationProperties(message));
    }

    @JmsListener(destination = "ck.requests")
    @SendTo("ck.replies")
    String onRequest(String question) {
      requests.add(Seen.now(question));
      return "answer-to-" + question;
    }

    @JmsListener(destination = "ck.replies")
    void onReply(String answer) {
      replies.add(Seen.now(answer));
    }

    @JmsListener(destination = "ck.sequence")
    void onSequence(String label) {
      sequenceThreads.add(Thread.currentThread().getName());
      sequence.add(Seen.now(label));
    }

    @JmsListener(destination = "ck.failing")
    void onFailing(String value) {
      failing.add(Seen.now(value));
      throw new IllegalStateException("cannot process " + value);
    }

    @JmsListener(destination = "ck.forged")
    void onForged(String label) {
      forged.add(Seen.now(label));
    }

    @JmsListener(destination = "ck.malformed")
    void onMalformed(String label) {
      malformed.add(Seen.now(label));
    }
  }
}
