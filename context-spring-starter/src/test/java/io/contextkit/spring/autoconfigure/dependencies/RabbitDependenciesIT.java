package io.contextkit.spring.autoconfigure.dependencies;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.spring.autoconfigure.amqp.QpidBrokerExtension;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * spring-rabbit in the runtime dependency map against a real AMQP 0-9-1 broker (Qpid Broker-J in
 * the test JVM): publishes through {@code RabbitTemplate} are counted as produced on the exchange
 * (the queue, for the default exchange), timed; a TRACE publish to an external queue, which the
 * guard captures, as a synthetic TRACE call; a TRACE publish to an internal queue as a real TRACE
 * call; messages run by a listener as consumed on the queue, timed, failures as errors. What
 * reached the broker is read as queue depths through the admin.
 */
@ExtendWith(QpidBrokerExtension.class)
@SpringBootTest(
    classes = RabbitDependenciesIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=deps.rabbit-work",
      "spring.rabbitmq.host=127.0.0.1",
      "spring.rabbitmq.listener.simple.concurrency=1",
      "spring.rabbitmq.listener.simple.max-concurrency=1",
      "spring.rabbitmq.listener.simple.default-requeue-rejected=false"
    })
@SuppressWarnings("try") // scopes are held for their effect
class RabbitDependenciesIT {

  private static final String EXTERNAL = "deps.rabbit-partner";
  private static final String WORK = "deps.rabbit-work";
  private static final String UNUSED = "deps.rabbit-unused";

  @Autowired RabbitTemplate rabbitTemplate;
  @Autowired RabbitAdmin admin;
  @Autowired Worker worker;

  @DynamicPropertySource
  static void brokerPort(DynamicPropertyRegistry registry) {
    registry.add("spring.rabbitmq.port", QpidBrokerExtension::port);
  }

  private static DependencyEdge edge(DependencyDirection direction, String name) {
    return ContextKit.dependencies().edge(DependencyKind.RABBIT_EXCHANGE, direction, name);
  }

  private static RequestContext traceContext() {
    return userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
  }

  @Test
  void publishesAreCountedOnTheDestinationWithCapturedTracePublishesSynthetic() throws Exception {
    admin.purgeQueue(EXTERNAL, false);
    try (ContextScope scope = userContext("stan").makeCurrent()) {
      rabbitTemplate.convertAndSend(EXTERNAL, "standard-1");
      rabbitTemplate.convertAndSend(EXTERNAL, "standard-2");
    }
    try (ContextScope scope = traceContext().makeCurrent()) {
      rabbitTemplate.convertAndSend(EXTERNAL, "trace");
    }
    awaitDepth(EXTERNAL, 2);

    DependencyEdge produced = edge(DependencyDirection.PRODUCED, EXTERNAL);
    assertThat(produced.calls()).isEqualTo(3);
    assertThat(produced.traceCalls()).isEqualTo(1);
    assertThat(produced.syntheticCalls()).isEqualTo(1);
    assertThat(produced.errors()).isZero();
    assertThat(produced.latencyMicros(0.5)).isPositive();
    // Nothing consumes the partner queue here, and nothing ever touched the unused one.
    assertThat(ContextKit.dependencies().edges())
        .noneMatch(e -> e.name().equals(EXTERNAL) && e.direction() == DependencyDirection.CONSUMED)
        .noneMatch(e -> e.name().equals(UNUSED));
  }

  @Test
  void consumedMessagesAreCountedOnTheQueueWithTraceAndFailuresApart() throws Exception {
    try (ContextScope scope = userContext("stan").makeCurrent()) {
      rabbitTemplate.convertAndSend(WORK, "standard");
    }
    try (ContextScope scope = traceContext().makeCurrent()) {
      // Internal: sent as TRACE, for real (not synthetic), and run as TRACE by the listener.
      rabbitTemplate.convertAndSend(WORK, "trace");
    }
    try (ContextScope scope = userContext("stan").makeCurrent()) {
      rabbitTemplate.convertAndSend(WORK, "fail");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(worker.received.poll(30, TimeUnit.SECONDS)).isNotNull();
    }

    DependencyEdge produced = edge(DependencyDirection.PRODUCED, WORK);
    assertThat(produced.calls()).isEqualTo(3);
    assertThat(produced.traceCalls()).isEqualTo(1);
    assertThat(produced.syntheticCalls()).isZero();
    DependencyEdge consumed = edge(DependencyDirection.CONSUMED, WORK);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (consumed.calls() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(consumed.calls()).isEqualTo(3);
    assertThat(consumed.traceCalls()).isEqualTo(1);
    assertThat(consumed.errors()).isEqualTo(1);
    assertThat(consumed.syntheticCalls()).isZero();
    assertThat(consumed.latencyMicros(0.5)).isPositive();
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

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Worker.class)
  static class App {

    /** Signing keys: the listener trusts a TRACE message only when its context is signed. */
    @Bean
    ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }

    @Bean
    Queue external() {
      return new Queue(EXTERNAL, false);
    }

    @Bean
    Queue work() {
      return new Queue(WORK, false);
    }

    @Bean
    Queue unused() {
      return new Queue(UNUSED, false);
    }
  }

  static class Worker {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final AtomicBoolean failed = new AtomicBoolean();

    @RabbitListener(queues = WORK)
    void on(String text) {
      received.add(text);
      if (text.equals("fail") && failed.compareAndSet(false, true)) {
        throw new IllegalStateException("failing once on purpose");
      }
    }
  }
}
