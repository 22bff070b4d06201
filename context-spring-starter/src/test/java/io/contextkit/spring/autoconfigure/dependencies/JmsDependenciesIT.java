package io.contextkit.spring.autoconfigure.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextKit;
import io.contextkit.ContextScope;
import io.contextkit.RequestType;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;

/**
 * JMS in the runtime dependency map against a real broker (Artemis embedded in the test JVM):
 * messages sent through Boot's {@code JmsTemplate} and run by a listener are counted as produced
 * and consumed on the queue, TRACE apart, the listener's failures as errors.
 */
@SpringBootTest(
    classes = JmsDependenciesIT.App.class,
    properties = {
      "contextkit.messaging.internal-destinations=deps.*",
      "spring.artemis.mode=embedded",
      "spring.artemis.embedded.queues=deps.jms",
      "spring.jms.listener.min-concurrency=1",
      "spring.jms.listener.max-concurrency=1"
    })
@SuppressWarnings("try") // scopes are held for their effect
class JmsDependenciesIT {

  @Autowired JmsTemplate jmsTemplate;
  @Autowired Listener listener;

  @Test
  void sentAndConsumedMessagesAreCountedWithTraceAndFailuresApart() throws Exception {
    jmsTemplate.convertAndSend("deps.jms", "standard");
    try (ContextScope scope =
        MessagingTestSupport.userContext("tess").toBuilder()
            .requestType(RequestType.TRACE)
            .build()
            .makeCurrent()) {
      jmsTemplate.convertAndSend("deps.jms", "trace");
    }
    jmsTemplate.convertAndSend("deps.jms", "fail");
    for (int i = 0; i < 3; i++) {
      assertThat(listener.received.poll(30, TimeUnit.SECONDS)).isNotNull();
    }

    DependencyEdge produced =
        ContextKit.dependencies()
            .edge(DependencyKind.JMS_DESTINATION, DependencyDirection.PRODUCED, "deps.jms");
    assertThat(produced.calls()).isEqualTo(3);
    assertThat(produced.traceCalls()).isEqualTo(1);
    assertThat(produced.errors()).isZero();
    DependencyEdge consumed =
        ContextKit.dependencies()
            .edge(DependencyKind.JMS_DESTINATION, DependencyDirection.CONSUMED, "deps.jms");
    // The failed message may be redelivered (then it succeeds and counts as a fourth call).
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (consumed.calls() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(consumed.calls()).isBetween(3L, 4L);
    assertThat(consumed.traceCalls()).isEqualTo(1);
    assertThat(consumed.errors()).isEqualTo(1);
    assertThat(consumed.latencyMicros(0.5)).isPositive();
  }

  @Test
  void aTraceSendToAnExternalDestinationIsCapturedAndCountedAsSynthetic() {
    jmsTemplate.convertAndSend("partner.deps-jms", "standard");
    try (ContextScope scope =
        MessagingTestSupport.userContext("tess").toBuilder()
            .requestType(RequestType.TRACE)
            .build()
            .makeCurrent()) {
      jmsTemplate.convertAndSend("partner.deps-jms", "trace");
    }

    DependencyEdge produced =
        ContextKit.dependencies()
            .edge(DependencyKind.JMS_DESTINATION, DependencyDirection.PRODUCED, "partner.deps-jms");
    assertThat(produced.calls()).isEqualTo(2);
    assertThat(produced.traceCalls()).isEqualTo(1);
    assertThat(produced.syntheticCalls()).isEqualTo(1);
    assertThat(produced.errors()).isZero();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Listener.class)
  static class App {

    @Bean
    io.contextkit.ContextPropagator contextPropagator() {
      return MessagingTestSupport.deploymentPropagator();
    }
  }

  static class Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    // Apart from the queue, which the test drains: the redelivered message must not fail again.
    final AtomicBoolean failed = new AtomicBoolean();

    @JmsListener(destination = "deps.jms")
    void on(String text) {
      if (text.equals("fail") && failed.compareAndSet(false, true)) {
        received.add(text);
        throw new IllegalStateException("failing once on purpose");
      }
      if (!text.equals("fail")) {
        received.add(text);
      }
    }
  }
}
