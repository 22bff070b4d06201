package io.contextkit.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.jspecify.annotations.Nullable;

/**
 * One in-process KRaft node (combined controller and broker, Kafka's own cluster test kit, no
 * containers). Two ways to use it:
 *
 * <ul>
 *   <li>{@link #sharedBootstrapServers()}: the one broker of the test JVM, started on first use and
 *       stopped by a shutdown hook. Its address lives in a system property, so a test class loaded
 *       a second time by another class loader (QuarkusUnitTest, {@code @QuarkusTest}) finds the
 *       same broker.
 *   <li>{@link #start(int, Path)}: a broker of the caller's own, its client listener on a chosen
 *       port, its data under a chosen directory, closed by the caller (the demo does this).
 * </ul>
 *
 * <p>Needs {@code org.apache.kafka:kafka-test-common-runtime}, {@code kafka-server-common:test} and
 * {@code kafka-clients:test} on the class path (optional dependencies of this module).
 */
public final class KafkaKraftBroker implements AutoCloseable {

  /** The system property that holds the shared broker's bootstrap address. */
  public static final String SHARED_PROPERTY = "contextkit.test.kafka.bootstrap";

  private static final String LISTENER = "FIXED";

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;

  private KafkaKraftBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
    this.cluster = cluster;
    this.bootstrapServers = bootstrapServers;
  }

  /** The bootstrap address of the test JVM's one broker, starting it on first use. */
  public static synchronized String sharedBootstrapServers() {
    String running = System.getProperty(SHARED_PROPERTY);
    if (running != null) {
      return running;
    }
    // A broker fault (typically while the JVM exits) must not exit or halt the test JVM: surefire
    // would report the fork as crashed after every test passed.
    Exit.setExitProcedure(KafkaKraftBroker::refuse);
    Exit.setHaltProcedure(KafkaKraftBroker::refuse);
    KafkaKraftBroker broker = launch(null, null);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> broker.closeWithin(15)));
    System.setProperty(SHARED_PROPERTY, broker.bootstrapServers());
    return broker.bootstrapServers();
  }

  /**
   * Formats and starts a broker whose client listener is {@code localhost:port}, with its data
   * under {@code dataDirectory}, and waits until it serves clients. The caller closes it.
   *
   * @throws IllegalStateException when the broker does not start (for example the port is taken)
   */
  public static KafkaKraftBroker start(int port, Path dataDirectory) {
    return launch(port, dataDirectory);
  }

  private static KafkaKraftBroker launch(@Nullable Integer port, @Nullable Path dataDirectory) {
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes.Builder nodeBuilder =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (dataDirectory != null) {
        nodeBuilder.setBaseDirectory(dataDirectory);
      }
      TestKitNodes nodes = nodeBuilder.build();
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(nodes)
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "true");
      if (port != null) {
        // The test kit pre-binds a random port for its own broker and controller listeners and
        // hands those sockets over whatever port the configuration names, so the fixed client port
        // is a third listener of its own: it is bound by the ordinary server socket factory, and
        // clients that connect to it are told this listener's address in metadata.
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        builder
            .setConfigProp(
                "listeners",
                broker
                    + "://localhost:0,"
                    + controller
                    + "://localhost:0,"
                    + LISTENER
                    + "://localhost:"
                    + port)
            .setConfigProp(
                "listener.security.protocol.map",
                broker + ":PLAINTEXT," + controller + ":PLAINTEXT," + LISTENER + ":PLAINTEXT");
      }
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaKraftBroker(
          cluster, port == null ? cluster.bootstrapServers() : "localhost:" + port);
    } catch (Exception e) {
      if (cluster != null) {
        try {
          cluster.close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "Could not start the in-process Kafka broker"
              + (port == null ? "" : " on port " + port)
              + ": "
              + e,
          e);
    }
  }

  /** The {@code host:port} list clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with one partition, so consumers that start before any producer find it. */
  public void createTopic(String topic) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create topic " + topic, e);
    }
  }

  /** An admin client of this broker; the caller closes it. */
  public Admin admin() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(properties);
  }

  /** Stops the broker; its files stay where the caller put them. */
  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Could not stop the in-process Kafka broker", e);
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
  private void closeWithin(int seconds) {
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
