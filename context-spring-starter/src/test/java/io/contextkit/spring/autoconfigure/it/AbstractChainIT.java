package io.contextkit.spring.autoconfigure.it;

import io.contextkit.spring.autoconfigure.amqp.QpidBrokerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One configuration for the tests of {@link ChainTestApplication}, so that they share one started
 * application: real brokers in the test JVM (KRaft Kafka, Artemis, Qpid Broker-J for AMQP 0-9-1), a
 * one-thread Tomcat pool and a one-thread {@code @Async} pool, the caller (127.0.0.1) trusted, the
 * {@code ck.*} destinations and 127.0.0.1 inside the trust boundary, contexts signed.
 */
@ExtendWith(QpidBrokerExtension.class)
// Closed right after the class: left to the JVM's shutdown hooks, Kafka's temp-dir hook deleted
// the embedded broker's log directories while it still ran (checkpoint errors, offline log dirs).
@DirtiesContext
@EmbeddedKafka(
    partitions = 1,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    topics = {"ck.leak", "ck.chain"})
@SpringBootTest(
    classes = ChainTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.trusted-peers=127.0.0.1,::1",
      "contextkit.trust.internal-hosts=127.0.0.1",
      "contextkit.trust.signing.active-key-id=k1",
      "contextkit.trust.signing.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "contextkit.messaging.internal-destinations=ck.*",
      "server.tomcat.threads.max=1",
      "spring.task.execution.pool.core-size=1",
      "spring.task.execution.pool.max-size=1",
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "spring.kafka.consumer.group-id=ck-chain-it",
      "spring.kafka.listener.concurrency=1",
      "spring.artemis.mode=embedded",
      "spring.artemis.embedded.queues=ck.chain-jms",
      "spring.jms.listener.min-concurrency=1",
      "spring.jms.listener.max-concurrency=1",
      "spring.rabbitmq.host=127.0.0.1",
      "spring.rabbitmq.listener.simple.concurrency=1",
      "spring.rabbitmq.listener.simple.max-concurrency=1"
    })
abstract class AbstractChainIT {

  @LocalServerPort int port;

  @Autowired ChainTestApplication.Hops hops;

  @Autowired ChainTestApplication.HeaderStub stub;

  JsonLogCapture logs;

  @DynamicPropertySource
  static void brokerPort(DynamicPropertyRegistry registry) {
    registry.add("spring.rabbitmq.port", QpidBrokerExtension::port);
  }

  @BeforeEach
  void captureLogs() {
    hops.leakEnds.clear();
    hops.chainEnds.clear();
    stub.received.clear();
    logs = JsonLogCapture.attach();
  }

  @AfterEach
  void stopCapture() {
    logs.detach();
  }

  /** Every captured JSON log line that belongs to a request (has a request id). */
  List<Map<String, Object>> requestLines() {
    return logs.events().stream().filter(e -> e.get("request_id") != null).toList();
  }
}
