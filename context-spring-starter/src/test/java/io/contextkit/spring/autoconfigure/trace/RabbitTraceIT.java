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
import io.contextkit.spring.autoconfigure.amqp.QpidBrokerExtension;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitMessagingTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * TRACE through spring-rabbit against a real AMQP 0-9-1 broker (Qpid Broker-J in the test JVM) and
 * a real database (H2), with publisher confirms on. Every case publishes STANDARD first (the effect
 * happens) and then TRACE. What reached the broker is read as queue depths through a channel of the
 * admin's own (not the application's template); what was committed from a JDBC connection of its
 * own.
 */
@ExtendWith(QpidBrokerExtension.class)
@SpringBootTest(
    classes = RabbitTraceIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=ck.*",
      "spring.rabbitmq.host=127.0.0.1",
      "spring.rabbitmq.publisher-confirm-type=correlated",
      "spring.rabbitmq.template.reply-timeout=10s",
      "spring.rabbitmq.listener.simple.concurrency=1",
      "spring.rabbitmq.listener.simple.max-concurrency=1",
      "spring.datasource.url=" + RabbitTraceIT.URL,
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "spring.jpa.hibernate.ddl-auto=create-drop"
    })
@SuppressWarnings("try") // scopes are held for their effect
class RabbitTraceIT {

  static final String URL = "jdbc:h2:mem:contextkit-rabbit-trace;DB_CLOSE_DELAY=-1";
  private static final String EXTERNAL = "partner.rabbit-out";
  private static final String INTERNAL = "ck.rabbit-work";
  private static final String FOLLOWUP = "partner.rabbit-followup";
  private static final String ASK = "ck.rabbit-ask";
  private static final String ANSWERS = "partner.rabbit-answers";
  private static final String RPC = "ck.rabbit-rpc";

  @Autowired RabbitTemplate rabbitTemplate;
  @Autowired RabbitMessagingTemplate messagingTemplate;
  @Autowired RabbitAdmin admin;
  @Autowired Worker worker;

  private ConsumerReportCapture reports;

  @DynamicPropertySource
  static void brokerPort(DynamicPropertyRegistry registry) {
    registry.add("spring.rabbitmq.port", QpidBrokerExtension::port);
  }

  @BeforeEach
  void emptyQueues() {
    admin.purgeQueue(EXTERNAL, false);
    admin.purgeQueue(FOLLOWUP, false);
    admin.purgeQueue(ANSWERS, false);
    reports = new ConsumerReportCapture();
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

  @Test
  void tracePublishesToAnExternalQueueNeverReachTheBrokerAndTheirConfirmsStillComplete()
      throws Exception {
    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      publishEveryWay("std");
    }
    awaitDepth(EXTERNAL, 4);

    RequestContext trace = traceContext("tracy");
    try (ContextScope scope = trace.makeCurrent()) {
      publishEveryWay("trace");
    }

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
    // A STANDARD publish on the same channels afterwards is confirmed and arrives: the captured
    // ones left the channel's confirm sequence intact. It is the only one added since.
    try (ContextScope scope = standard.makeCurrent()) {
      assertThat(confirmedPublish("after")).isTrue();
    }
    awaitDepth(EXTERNAL, 5);
  }

  /** Four ways an application publishes; the one with correlation data must be confirmed. */
  private void publishEveryWay(String label) throws Exception {
    rabbitTemplate.convertAndSend(EXTERNAL, label + "-convert");
    assertThat(confirmedPublish(label + "-confirmed")).isTrue();
    messagingTemplate.convertAndSend(EXTERNAL, label + "-messaging");
    rabbitTemplate.invoke(
        operations -> {
          operations.convertAndSend(EXTERNAL, label + "-invoke");
          return null;
        });
  }

  private boolean confirmedPublish(String payload) throws Exception {
    CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
    rabbitTemplate.convertAndSend("", EXTERNAL, payload, correlation);
    return correlation.getFuture().get(10, TimeUnit.SECONDS).ack();
  }

  @Test
  void
      traceMessageToAnInternalQueueRunsItsConsumerAsTraceWhichNeitherCommitsNorPublishesAndLogsItsReportOnce()
          throws Exception {
    int rows = committedRows();
    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      rabbitTemplate.convertAndSend(INTERNAL, "std-job");
    }
    Worker.Done done = take(worker.done, 30);
    assertThat(done.label()).isEqualTo("std-job");
    assertThat(done.trace()).isFalse();
    assertThat(committedRows()).isEqualTo(rows + 1);
    awaitDepth(FOLLOWUP, 1);

    RequestContext trace = traceContext("tracy");
    try (ContextScope scope = trace.makeCurrent()) {
      rabbitTemplate.convertAndSend(INTERNAL, "trace-job");
    }
    done = take(worker.done, 30);

    assertThat(done.label()).isEqualTo("trace-job");
    assertThat(done.trace()).isTrue();
    assertThat(done.requestId()).isEqualTo(trace.requestId());
    assertThat(done.baggage()).contains("request_type=TRACE");
    assertThat(committedRows()).isEqualTo(rows + 1);
    assertThat(done.report().count(SideEffect.Kind.TRANSACTION)).isEqualTo(1);
    assertThat(done.report().effects())
        .filteredOn(effect -> effect.kind() == SideEffect.Kind.MESSAGE)
        .singleElement()
        .satisfies(
            effect -> {
              assertThat(effect.target()).isEqualTo(FOLLOWUP);
              assertThat(effect.summary()).isEqualTo("captured, not published");
            });
    // The same single consumer handles a STANDARD job next: once its follow-up is in, the TRACE
    // job's would have been too.
    try (ContextScope scope = standard.makeCurrent()) {
      rabbitTemplate.convertAndSend(INTERNAL, "marker-job");
    }
    assertThat(take(worker.done, 30).label()).isEqualTo("marker-job");
    awaitDepth(FOLLOWUP, 2);
    assertThat(committedRows()).isEqualTo(rows + 2);

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
        events.get(0), "rabbitmq", INTERNAL, trace.requestId(), FOLLOWUP);
  }

  @Test
  void traceConsumersReplyToAPartnerQueueIsCapturedWhileAStandardOneIsPublished() throws Exception {
    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      rabbitTemplate.convertAndSend(ASK, "std-question");
    }
    assertThat(take(worker.asked, 30)).isEqualTo("std-question:false");
    awaitDepth(ANSWERS, 1);

    RequestContext trace = traceContext("tracy");
    try (ContextScope scope = trace.makeCurrent()) {
      rabbitTemplate.convertAndSend(ASK, "trace-question");
    }
    assertThat(take(worker.asked, 30)).isEqualTo("trace-question:true");
    // A STANDARD question after it, answered by the same single consumer, is the next answer.
    try (ContextScope scope = standard.makeCurrent()) {
      rabbitTemplate.convertAndSend(ASK, "marker-question");
    }
    assertThat(take(worker.asked, 30)).isEqualTo("marker-question:false");
    awaitDepth(ANSWERS, 2);
    assertThat(rabbitTemplate.receiveAndConvert(ANSWERS)).isEqualTo("answer-to-std-question");
    assertThat(rabbitTemplate.receiveAndConvert(ANSWERS)).isEqualTo("answer-to-marker-question");
  }

  @Test
  void traceRequestReplyToAnInternalQueueGetsItsAnswer() {
    RequestContext standard = userContext("stan");
    try (ContextScope scope = standard.makeCurrent()) {
      assertThat(rabbitTemplate.convertSendAndReceive(RPC, "std")).isEqualTo("rpc-std:false");
    }

    RequestContext trace = traceContext("tracy");
    Object answer;
    try (ContextScope scope = trace.makeCurrent()) {
      answer = rabbitTemplate.convertSendAndReceive(RPC, "trace");
    }

    // The TRACE consumer answered on the requester's reply queue, marked TRACE.
    assertThat(answer).isEqualTo("rpc-trace:true");
    assertThat(TraceReport.from(trace.sideEffects().report()).effects())
        .singleElement()
        .satisfies(effect -> assertThat(effect.target()).isEqualTo(RPC));
  }

  private void awaitDepth(String queue, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (depth(queue) < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // Settle: anything else on its way to the queue would show up now.
    Thread.sleep(200);
    assertThat(depth(queue)).as(queue).isEqualTo(expected);
  }

  private long depth(String queue) {
    return admin.getQueueInfo(queue).getMessageCount();
  }

  private static int committedRows() throws Exception {
    try (Connection c = DriverManager.getConnection(URL, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from audit_log where message like 'rabbit %'")) {
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
    Queue external() {
      return new Queue(EXTERNAL, false);
    }

    @Bean
    Queue internal() {
      return new Queue(INTERNAL, false);
    }

    @Bean
    Queue followup() {
      return new Queue(FOLLOWUP, false);
    }

    @Bean
    Queue rpc() {
      return new Queue(RPC, false);
    }

    @Bean
    Queue ask() {
      return new Queue(ASK, false);
    }

    @Bean
    Queue answers() {
      return new Queue(ANSWERS, false);
    }

    @Bean
    Worker worker(
        JdbcTemplate jdbc, TransactionTemplate transactions, RabbitTemplate rabbitTemplate) {
      return new Worker(jdbc, transactions, rabbitTemplate);
    }
  }

  /** A consumer that writes to the database in a transaction and publishes a follow-up. */
  static class Worker {
    record Done(
        String label, boolean trace, String requestId, String baggage, TraceReport report) {}

    final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
    final BlockingQueue<String> asked = new LinkedBlockingQueue<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final RabbitTemplate rabbitTemplate;

    Worker(JdbcTemplate jdbc, TransactionTemplate transactions, RabbitTemplate rabbitTemplate) {
      this.jdbc = jdbc;
      this.transactions = transactions;
      this.rabbitTemplate = rabbitTemplate;
    }

    /** Answers on the request's reply address. */
    @RabbitListener(queues = RPC)
    String onRpc(String question) {
      return "rpc-" + question + ":" + RequestContext.current().isTrace();
    }

    /** Its return value is the reply: published by the listener container, not a template. */
    @RabbitListener(queues = ASK)
    @SendTo(ANSWERS)
    String onAsk(String question) {
      asked.add(question + ":" + RequestContext.current().isTrace());
      return "answer-to-" + question;
    }

    @RabbitListener(queues = INTERNAL)
    void onWork(Message message) {
      String label = new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8);
      transactions.executeWithoutResult(
          status -> jdbc.update("insert into audit_log (message) values (?)", "rabbit " + label));
      rabbitTemplate.convertAndSend(FOLLOWUP, "followup-" + label);
      RequestContext current = RequestContext.current();
      Object baggage = message.getMessageProperties().getHeaders().get("baggage");
      done.add(
          new Done(
              label,
              current.isTrace(),
              current.requestId(),
              baggage == null ? "" : baggage.toString(),
              TraceReport.from(current.sideEffects().report())));
    }
  }
}
