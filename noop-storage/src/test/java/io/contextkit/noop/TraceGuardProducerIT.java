package io.contextkit.noop;

import static io.contextkit.noop.Requests.in;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka producer decorator against a real in-process KRaft broker. Absence is proven with the
 * topic's end offset and a {@code read_uncommitted} consumer reading from the beginning. Failure
 * mode 28 of research § 7.
 */
class TraceGuardProducerIT {

  private static final String EXTERNAL = "payments.requested";
  private static final String INTERNAL = "internal.orders";

  private static EmbeddedKafkaKraftBroker broker;
  private static Producer<String, String> producer;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1, EXTERNAL, INTERNAL);
    broker.afterPropertiesSet();
    KafkaProducer<String, String> kafka =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer());
    producer =
        TraceGuardProducer.wrap(
            kafka,
            MessageTraceGuard.withInternalDestinations("internal.*"),
            ContextPropagator.defaults());
  }

  @AfterAll
  static void stopBroker() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (broker != null) {
      broker.destroy();
    }
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted"),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  @Test
  void publishingToAnExternalTopicIsCapturedUnderTraceAndNeverReachesTheBroker() throws Exception {
    in(
        Requests.standard(),
        () ->
            producer
                .send(new ProducerRecord<>(EXTERNAL, "k", "standard"))
                .get(10, TimeUnit.SECONDS));
    assertThat(readAll(EXTERNAL)).extracting(ConsumerRecord::value).containsExactly("standard");

    RequestContext trace = Requests.trace();
    AtomicReference<RecordMetadata> callback = new AtomicReference<>();
    in(
        trace,
        () -> {
          RecordMetadata metadata =
              producer
                  .send(new ProducerRecord<>(EXTERNAL, "k", "trace"), (m, e) -> callback.set(m))
                  .get(1, TimeUnit.SECONDS);
          assertThat(metadata.topic()).isEqualTo(EXTERNAL);
          assertThat(metadata.hasOffset()).isFalse();
          producer.flush();
        });
    assertThat(callback.get()).isNotNull();
    assertThat(readAll(EXTERNAL)).extracting(ConsumerRecord::value).containsExactly("standard");
    assertThat(trace.sideEffects().report().effects())
        .containsExactly(
            new SideEffect(SideEffect.Kind.MESSAGE, EXTERNAL, "captured, not published"));
  }

  @Test
  void publishingToAnInternalTopicUnderTraceCarriesRequestTypeTraceInItsHeaders() throws Exception {
    in(
        Requests.standard(),
        () ->
            producer
                .send(new ProducerRecord<>(INTERNAL, "k", "standard"))
                .get(10, TimeUnit.SECONDS));
    RequestContext trace = Requests.trace();
    in(
        trace,
        () ->
            producer.send(new ProducerRecord<>(INTERNAL, "k", "trace")).get(10, TimeUnit.SECONDS));

    List<ConsumerRecord<String, String>> records = readAll(INTERNAL);
    assertThat(records).extracting(ConsumerRecord::value).containsExactly("standard", "trace");
    assertThat(records.get(0).headers().lastHeader("baggage")).as("STANDARD untouched").isNull();
    Header baggage = records.get(1).headers().lastHeader("baggage");
    assertThat(baggage).isNotNull();
    assertThat(new String(baggage.value(), StandardCharsets.UTF_8)).contains("request_type=TRACE");
    assertThat(trace.sideEffects().report().effects())
        .containsExactly(new SideEffect(SideEffect.Kind.MESSAGE, INTERNAL, "published as TRACE"));
  }
}
