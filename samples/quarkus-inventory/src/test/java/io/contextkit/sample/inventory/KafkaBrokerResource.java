package io.contextkit.sample.inventory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * Starts one in-process KRaft broker (combined controller and broker, no containers) for the test
 * JVM and points the application's {@code kafka.bootstrap.servers} at it. The broker outlives the
 * test classes that share it and stops with the JVM; its address is kept in a system property so
 * that every class loader finds the same broker.
 */
public final class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  private static final String PROPERTY = "inventory.test.kafka.bootstrap";

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", bootstrapServers());
  }

  @Override
  public void stop() {
    // Shared by every test class of the JVM; the shutdown hook stops it.
  }

  /** The running broker's bootstrap address, starting it on first use. */
  public static synchronized String bootstrapServers() {
    String running = System.getProperty(PROPERTY);
    if (running != null) {
      return running;
    }
    // A broker fault (typically while the JVM exits) must not exit or halt the test JVM: surefire
    // would report the fork as crashed after every test passed.
    Exit.setExitProcedure(KafkaBrokerResource::refuse);
    Exit.setHaltProcedure(KafkaBrokerResource::refuse);
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "true")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeWithin(cluster, 15)));
      String bootstrap = cluster.bootstrapServers();
      System.setProperty(PROPERTY, bootstrap);
      return bootstrap;
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the in-process Kafka broker", e);
    }
  }

  private static void refuse(int status, String message) {
    throw new IllegalStateException(
        "the in-process Kafka broker asked to end the JVM (" + status + "): " + message);
  }

  /**
   * Closes the broker at JVM exit, but waits at most {@code seconds}: a slow controlled shutdown on
   * a loaded machine must not keep the fork alive past surefire's exit timeout.
   */
  private static void closeWithin(KafkaClusterTestKit cluster, int seconds) {
    Thread closer =
        new Thread(
            () -> {
              try {
                cluster.close();
              } catch (Exception e) {
                // The JVM is exiting; the broker's files are temporary.
              }
            },
            "kafka-test-broker-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
