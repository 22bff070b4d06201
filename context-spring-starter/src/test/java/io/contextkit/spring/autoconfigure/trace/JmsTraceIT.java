package io.contextkit.spring.autoconfigure.trace;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.take;
import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsClient;
import org.springframework.jms.core.JmsMessagingTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * TRACE through JMS against a real broker (Artemis embedded in the test JVM) and a real database
 * (H2). Every case sends STANDARD first (the effect happens) and then TRACE. What reached the
 * broker is read from the broker's own queue counters ({@code messagesAdded}: every message ever
 * routed to the queue, consumed or not), what was committed from a JDBC connection of its own.
 */
@SpringBootTest(
    classes = JmsTraceIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=ck.*",
      "spring.artemis.mode=embedded",
      "spring.artemis.embedded.queues=partner.jms-out,ck.jms-work,partner.jms-followup,ck.jms-ask",
      "spring.jms.template.receive-timeout=10s",
      "spring.jms.listener.min-concurrency=1",
      "spring.jms.listener.max-concurrency=1",
      "spring.datasource.url=" + JmsTraceIT.URL,
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "spring.jpa.hibernate.ddl-auto=create-drop"
    })
@SuppressWarnings("try") // scopes are held for their effect
class JmsTraceIT {

  static final String URL = "jdbc:h2:mem:contextkit-jms-trace;DB_CLOSE_DELAY=-1";
  private static final String EXTERNAL = "partner.jms-out";
  private static final String INTERNAL = "ck.jms-work";
  private static final String FOLLOWUP = "partner.jms-followup";
  private static final String ASK = "ck.jms-ask";

  @Autowired JmsTemplate jmsTemplate;
  @Autowired JmsClient jmsClient;
  @Autowired JmsMessagingTemplate messagingTemplate;
  @Autowired ConnectionFactory connectionFactory;
  @Autowired EmbeddedActiveMQ broker;
  @Autowired Worker worker;

  private ConsumerReportCapture reports;

  @BeforeEach
  void captureReports() {
    reports = new ConsumerReportCapture();
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

  @Test
  void traceSendsToAnExternalQueueNeverReachTheBrokerFromAnySendingApi() throws Exception {
    long before = added(EXTERNAL);
    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      jmsTemplate.convertAndSend(EXTERNAL, "template");
      jmsClient.destination(EXTERNAL).send("client");
      messagingTemplate.convertAndSend(EXTERNAL, "messaging");
      try (JMSContext jms = connectionFactory.createContext()) {
        jms.createProducer().send(jms.createQueue(EXTERNAL), "simplified");
      }
    }
    awaitAdded(EXTERNAL, before + 4);

    RequestContext trace = traceContext("tracy");
    try (ContextScope scope = trace.makeCurrent()) {
      jmsTemplate.convertAndSend(EXTERNAL, "template");
      jmsClient.destination(EXTERNAL).send("client");
      messagingTemplate.convertAndSend(EXTERNAL, "messaging");
      try (JMSContext jms = connectionFactory.createContext()) {
        jms.createProducer().send(jms.createQueue(EXTERNAL), "simplified");
      }
    }

    awaitAdded(EXTERNAL, before + 4);
    TraceReport report = TraceReport.from(trace.sideEffects().report());
    assertThat(report.headerValue()).contains("messages=4").contains("violations=0");
    assertThat(report.effects())
        .hasSize(4)
        .allSatisfy(
            effect -> {
              assertThat(effect.kind()).isEqualTo(SideEffect.Kind.MESSAGE);
              assertThat(effect.target()).isEqualTo(EXTERNAL);
              assertThat(effect.summary()).isEqualTo("captured, not published");
            });

    // A STANDARD send after it still goes out: the guard changed nothing for later requests.
    try (ContextScope scope = standard.makeCurrent()) {
      jmsTemplate.convertAndSend(EXTERNAL, "after");
    }
    awaitAdded(EXTERNAL, before + 5);
  }

  @Test
  void
      traceMessageToAnInternalQueueRunsItsConsumerAsTraceWhichNeitherCommitsNorPublishesAndLogsItsReportOnce()
          throws Exception {
    long work = added(INTERNAL);
    long followups = added(FOLLOWUP);
    int rows = committedRows();

    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      jmsTemplate.convertAndSend(INTERNAL, "std-job");
    }
    Worker.Done done = take(worker.done, 30);
    assertThat(done.label()).isEqualTo("std-job");
    assertThat(done.trace()).isFalse();
    assertThat(committedRows()).isEqualTo(rows + 1);
    // The follow-up is committed with the listener's JMS session, after the listener returned.
    awaitAdded(FOLLOWUP, followups + 1);
    assertThat(added(INTERNAL)).isEqualTo(work + 1);

    RequestContext trace = traceContext("tracy");
    try (ContextScope scope = trace.makeCurrent()) {
      jmsTemplate.convertAndSend(INTERNAL, "trace-job");
    }
    done = take(worker.done, 30);

    // The message itself went out (internal), marked TRACE and signed.
    assertThat(added(INTERNAL)).isEqualTo(work + 2);
    assertThat(done.label()).isEqualTo("trace-job");
    assertThat(done.trace()).isTrue();
    assertThat(done.requestId()).isEqualTo(trace.requestId());
    assertThat(done.baggage()).contains("request_type=TRACE");
    // Its consumer ran as TRACE: its transaction rolled back, its own send was captured. A
    // STANDARD job after it is handled by the same single consumer, so once its follow-up is in,
    // the TRACE job's would have been too.
    assertThat(committedRows()).isEqualTo(rows + 1);
    try (ContextScope scope = standard.makeCurrent()) {
      jmsTemplate.convertAndSend(INTERNAL, "marker-job");
    }
    assertThat(take(worker.done, 30).label()).isEqualTo("marker-job");
    awaitAdded(FOLLOWUP, followups + 2);
    assertThat(committedRows()).isEqualTo(rows + 2);
    assertThat(done.report().count(SideEffect.Kind.TRANSACTION)).isEqualTo(1);
    assertThat(done.report().count(SideEffect.Kind.MESSAGE)).isEqualTo(1);
    assertThat(done.report().effects())
        .filteredOn(effect -> effect.kind() == SideEffect.Kind.MESSAGE)
        .singleElement()
        .satisfies(effect -> assertThat(effect.target()).isEqualTo(FOLLOWUP));

    TraceReport sender = TraceReport.from(trace.sideEffects().report());
    assertThat(sender.headerValue()).contains("messages=1");
    assertThat(sender.effects())
        .singleElement()
        .satisfies(
            effect -> {
              assertThat(effect.target()).isEqualTo(INTERNAL);
              assertThat(effect.summary()).isEqualTo("published as TRACE");
            });

    // The consumer's own report: one event, for the TRACE job only (none for its STANDARD twins).
    List<ConsumerReportCapture.Event> events = reports.await(INTERNAL, 1);
    ConsumerReportCapture.assertRolledBackAndCaptured(
        events.get(0), "jms", INTERNAL, trace.requestId(), FOLLOWUP);
    assertThat(events.get(0).attributes())
        .containsEntry(TraceReports.CONSUMER_LISTENER, "jms-worker");
  }

  @Test
  void traceRequestReplyToAnInternalQueueGetsItsAnswerThroughTheTemporaryReplyQueue() {
    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      assertThat(messagingTemplate.convertSendAndReceive(ASK, "std", String.class))
          .isEqualTo("answer-to-std:false");
    }

    RequestContext trace = traceContext("tracy");
    String answer;
    try (ContextScope scope = trace.makeCurrent()) {
      answer = messagingTemplate.convertSendAndReceive(ASK, "trace", String.class);
    }

    // The TRACE consumer's reply went to the requester's temporary queue, marked TRACE.
    assertThat(answer).isEqualTo("answer-to-trace:true");
    assertThat(TraceReport.from(trace.sideEffects().report()).effects())
        .singleElement()
        .satisfies(effect -> assertThat(effect.target()).isEqualTo(ASK));
  }

  @Test
  void bodyOnlySimplifiedSendToAnInternalQueueFailsClosedUnderTrace() throws Exception {
    long before = added(INTERNAL);
    RequestContext trace = traceContext("tracy");
    try (ContextScope scope = trace.makeCurrent();
        JMSContext jms = connectionFactory.createContext()) {
      assertThatThrownBy(() -> jms.createProducer().send(jms.createQueue(INTERNAL), "job"))
          .isInstanceOf(JMSRuntimeException.class)
          .hasMessageContaining("cannot carry request_type=TRACE");
    }
    assertThat(added(INTERNAL)).isEqualTo(before);
    TraceReport report = TraceReport.from(trace.sideEffects().report());
    assertThat(report.hasViolations()).isTrue();
    assertThat(report.headerValue()).contains("violations=1");
  }

  /**
   * Waits until the broker has counted {@code expected} messages on {@code queue} (it counts a
   * message once routed, which can trail the send), then checks that no more arrive.
   */
  private void awaitAdded(String queue, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (added(queue) < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // Settle: anything else the broker was about to route would show up now.
    Thread.sleep(200);
    assertThat(added(queue)).as(queue).isEqualTo(expected);
  }

  private long added(String queue) {
    return broker.getActiveMQServer().locateQueue(queue).getMessagesAdded();
  }

  private static int committedRows() throws Exception {
    try (Connection c = DriverManager.getConnection(URL, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from audit_log where message like 'jms %'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static RequestContext traceContext(String user) {
    return userContext(user).toBuilder().requestType(RequestType.TRACE).build();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    /** Signing keys: a consumer trusts a TRACE message only when its context is signed. */
    @Bean
    ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }

    @Bean
    Worker worker(JdbcTemplate jdbc, TransactionTemplate transactions, JmsTemplate jmsTemplate) {
      return new Worker(jdbc, transactions, jmsTemplate);
    }
  }

  /** A consumer that writes to the database in a transaction and publishes a follow-up. */
  static class Worker {
    record Done(
        String label, boolean trace, String requestId, String baggage, TraceReport report) {}

    final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JmsTemplate jmsTemplate;

    Worker(JdbcTemplate jdbc, TransactionTemplate transactions, JmsTemplate jmsTemplate) {
      this.jdbc = jdbc;
      this.transactions = transactions;
      this.jmsTemplate = jmsTemplate;
    }

    /** Its return value is the reply, sent to the request's JMSReplyTo. */
    @JmsListener(destination = ASK)
    String onAsk(String question) {
      return "answer-to-" + question + ":" + RequestContext.current().isTrace();
    }

    @JmsListener(id = "jms-worker", destination = INTERNAL)
    void onWork(Message message) throws Exception {
      String label = message.getBody(String.class);
      transactions.executeWithoutResult(
          status -> jdbc.update("insert into audit_log (message) values (?)", "jms " + label));
      jmsTemplate.convertAndSend(FOLLOWUP, "followup-" + label);
      RequestContext current = RequestContext.current();
      String baggage = message.getStringProperty("baggage");
      done.add(
          new Done(
              label,
              current.isTrace(),
              current.requestId(),
              baggage == null ? "" : baggage,
              TraceReport.from(current.sideEffects().report())));
    }
  }
}
