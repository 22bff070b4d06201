package io.contextkit.quarkus.test.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One in-process KRaft broker (combined controller and broker, no containers) per test JVM, started
 * on first use. The address is kept in a system property because QuarkusUnitTest loads the test
 * class a second time in the application's class loader, which must find the same broker.
 */
public final class KafkaBroker {

  private static final String PROPERTY = "contextkit.test.kafka.bootstrap";

  private KafkaBroker() {}

  public static synchronized String bootstrapServers() {
    String running = System.getProperty(PROPERTY);
    if (running != null) {
      return running;
    }
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
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      cluster.close();
                    } catch (Exception e) {
                      // The JVM is exiting; the broker's files are temporary.
                    }
                  }));
      String bootstrap = cluster.bootstrapServers();
      System.setProperty(PROPERTY, bootstrap);
      return bootstrap;
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the in-process Kafka broker", e);
    }
  }
}
