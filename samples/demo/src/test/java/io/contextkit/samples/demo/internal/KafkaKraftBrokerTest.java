package io.contextkit.samples.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.samples.demo.KafkaMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaKraftBrokerTest {

  @TempDir static Path data;

  private static KafkaKraftBroker broker;
  private static int port;

  @BeforeAll
  static void startBroker() {
    port = Ports.free(1).get(0);
    broker = KafkaKraftBroker.start(port, data.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void listensOnTheChosenPort() {
    assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
    assertThat(Ports.isFree(port)).isFalse();
  }

  @Test
  void readCommittedSeesCommittedRecordsWithHeadersButNotAbortedOnes() {
    broker.createTopic("committed-only");
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "demo-test");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      producer.initTransactions();
      producer.beginTransaction();
      ProducerRecord<String, String> kept = new ProducerRecord<>("committed-only", "1", "kept");
      kept.headers().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
      producer.send(kept);
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("committed-only", "2", "aborted"));
      producer.flush();
      producer.abortTransaction();
    }

    List<KafkaMessage> messages = broker.readCommitted("committed-only");

    assertThat(messages).extracting(KafkaMessage::value).containsExactly("kept");
    assertThat(messages.get(0).key()).isEqualTo("1");
    assertThat(messages.get(0).headers()).containsEntry("traceparent", "00-abc");
  }

  @Test
  void awaitConsumerAssignedWaitsForASubscribedConsumer() throws Exception {
    broker.createTopic("watched");
    assertThat(broker.awaitConsumerAssigned("watched", Duration.ofMillis(500))).isFalse();

    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "watchers");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of("watched"));
      Thread poller =
          new Thread(
              () -> {
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                  try {
                    consumer.poll(Duration.ofMillis(100));
                  } catch (org.apache.kafka.common.errors.InterruptException e) {
                    return;
                  }
                }
              });
      poller.start();
      try {
        assertThat(broker.awaitConsumerAssigned("watched", Duration.ofSeconds(20))).isTrue();
      } finally {
        poller.interrupt();
        poller.join();
      }
    }
  }

  @Test
  void failsWithThePortInTheMessageWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> KafkaKraftBroker.start(taken.getLocalPort(), data.resolve("other")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + taken.getLocalPort());
    }
  }
}
