package io.contextkit.samples.demo.internal;

import io.contextkit.samples.demo.KafkaMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's Kafka: one in-process KRaft node (ContextKit's test-support broker) whose client
 * listener is bound to a chosen port on {@code localhost}, with the queries the demo's checks make
 * of it. Its data lives under a given directory. Not thread-safe: one owner starts and closes it.
 */
public final class KafkaKraftBroker implements AutoCloseable {

  private final io.contextkit.testsupport.KafkaKraftBroker broker;
  private final String bootstrapServers;

  private KafkaKraftBroker(io.contextkit.testsupport.KafkaKraftBroker broker) {
    this.broker = broker;
    this.bootstrapServers = broker.bootstrapServers();
  }

  /**
   * Formats and starts a broker listening on {@code localhost:port} and waits until it serves
   * clients.
   *
   * @throws IllegalStateException when the broker does not start (for example the port is taken)
   */
  public static KafkaKraftBroker start(int port, Path dataDirectory) {
    return new KafkaKraftBroker(
        io.contextkit.testsupport.KafkaKraftBroker.start(port, dataDirectory));
  }

  /** The {@code host:port} list clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with one partition, so consumers that start before any producer find it. */
  public void createTopic(String topic) {
    broker.createTopic(topic);
  }

  /**
   * Waits until some consumer group has a member assigned a partition of {@code topic}: a consumer
   * that joins after a record was published may start at the end of the log and never see it.
   *
   * @return whether a consumer was assigned before the timeout
   */
  public boolean awaitConsumerAssigned(String topic, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = broker.admin()) {
      while (System.nanoTime() < deadline) {
        try {
          Collection<GroupListing> groups = admin.listGroups().all().get();
          List<String> ids = new ArrayList<>();
          for (GroupListing group : groups) {
            ids.add(group.groupId());
          }
          if (!ids.isEmpty()) {
            Map<String, ConsumerGroupDescription> descriptions =
                admin.describeConsumerGroups(ids).all().get();
            for (ConsumerGroupDescription description : descriptions.values()) {
              for (MemberDescription member : description.members()) {
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                  if (partition.topic().equals(topic)) {
                    return true;
                  }
                }
              }
            }
          }
        } catch (java.util.concurrent.ExecutionException e) {
          // A group that is rebalancing may not describe yet; ask again.
        }
        Thread.sleep(200);
      }
    }
    return false;
  }

  /**
   * Every record on {@code topic} that a {@code read_committed} consumer sees, from the beginning
   * of each partition up to its last stable offset at the time of the call.
   */
  public List<KafkaMessage> readCommitted(String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<KafkaMessage> messages = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions = new ArrayList<>();
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null) {
        return List.of();
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          Map<String, String> headers = new java.util.LinkedHashMap<>();
          for (Header header : record.headers()) {
            headers.put(
                header.key(),
                header.value() == null
                    ? ""
                    : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
          }
          messages.add(
              new KafkaMessage(
                  record.partition(), record.offset(), record.key(), record.value(), headers));
        }
      }
    }
    return List.copyOf(messages);
  }

  private static boolean reached(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    Set<TopicPartition> partitions = end.keySet();
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < end.get(partition)) {
        return false;
      }
    }
    return true;
  }

  /** Stops the broker; its files stay where the caller put them. */
  @Override
  public void close() {
    broker.close();
  }
}
