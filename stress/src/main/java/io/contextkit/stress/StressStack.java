package io.contextkit.stress;

import io.contextkit.samples.demo.DemoStack;
import io.contextkit.samples.demo.RecordedRequest;
import io.contextkit.samples.demo.internal.ChildProcess;
import io.contextkit.samples.demo.internal.H2Tables;
import io.contextkit.samples.demo.internal.KafkaKraftBroker;
import io.contextkit.samples.demo.internal.PaymentStub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * The demo stack of {@code ./demo} (in-process KRaft broker, payment-provider stub,
 * quarkus-inventory and spring-orders as child processes with one shared signing key and H2 file
 * databases), started from the demo's own parts, but with the servers' worker threads limited and
 * on ports of their own so a stress run does not collide with a demo or a test run on the same
 * machine.
 */
final class StressStack implements AutoCloseable {

  static final String KEY_ID = "demo";

  private final Path work;
  private final int ordersPort;
  private final int inventoryPort;
  private final int paymentPort;
  private final int kafkaPort;
  private final byte[] key = new byte[32];
  private @Nullable KafkaKraftBroker broker;
  private @Nullable PaymentStub stub;
  private @Nullable ChildProcess inventory;
  private @Nullable ChildProcess orders;

  private StressStack(Path work, int basePort) {
    this.work = work;
    this.ordersPort = basePort;
    this.inventoryPort = basePort + 1;
    this.paymentPort = basePort + 9;
    this.kafkaPort = basePort + 2;
    new SecureRandom().nextBytes(key);
  }

  /**
   * Starts everything and waits until both services are healthy and the inventory consumes {@value
   * DemoStack#TOPIC}.
   *
   * @param samples the samples directory (holding the built spring-orders and quarkus-inventory)
   * @param basePort spring-orders' port; inventory +1, Kafka +2, payment stub +9
   * @param workers the worker threads of each server (Tomcat threads, Quarkus worker pool) and of
   *     their executors
   */
  static StressStack start(Path samples, int basePort, int workers, String heap)
      throws IOException, InterruptedException {
    Path ordersJar = samples.toAbsolutePath().resolve("spring-orders/target/spring-orders.jar");
    Path inventoryJar =
        samples.toAbsolutePath().resolve("quarkus-inventory/target/quarkus-app/quarkus-run.jar");
    for (Path jar : List.of(ordersJar, inventoryJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is not built; stress/run.sh builds it");
      }
    }
    StressStack stack = new StressStack(Files.createTempDirectory("contextkit-stress-"), basePort);
    try {
      stack.startAll(ordersJar, inventoryJar, workers, heap);
    } catch (IOException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  private void startAll(Path ordersJar, Path inventoryJar, int workers, String heap)
      throws IOException, InterruptedException {
    System.err.println("> work directory " + work);
    KafkaKraftBroker started = KafkaKraftBroker.start(kafkaPort, work.resolve("kafka"));
    broker = started;
    started.createTopic(DemoStack.TOPIC);
    stub = PaymentStub.start(paymentPort);
    String secret = Base64.getEncoder().encodeToString(key);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> inventoryCommand =
        List.of(
            java,
            "-Xmx" + heap,
            "-Dquarkus.http.port=" + inventoryPort,
            "-Dquarkus.thread-pool.core-threads=1",
            "-Dquarkus.thread-pool.max-threads=" + workers,
            "-Dquarkus.vertx.event-loops-pool-size=1",
            "-Dkafka.bootstrap.servers=" + started.bootstrapServers(),
            "-Dquarkus.datasource.jdbc.url=" + jdbcUrl("inventory"),
            "-Dquarkus.datasource.username=" + H2Tables.USER,
            "-Dinventory.orders-url=http://localhost:" + ordersPort,
            "-Dquarkus.contextkit.trust.signing.keys." + KEY_ID + "=" + secret,
            "-Dquarkus.contextkit.trust.signing.active-key-id=" + KEY_ID,
            "-jar",
            inventoryJar.toString());
    List<String> ordersCommand =
        List.of(
            java,
            "-Xmx" + heap,
            "-jar",
            ordersJar.toString(),
            "--server.port=" + ordersPort,
            "--server.tomcat.threads.max=" + workers,
            "--server.tomcat.threads.min-spare=1",
            "--spring.task.execution.pool.core-size=" + workers,
            "--spring.task.execution.pool.max-size=" + workers,
            "--spring.kafka.bootstrap-servers=" + started.bootstrapServers(),
            "--spring.datasource.url=" + jdbcUrl("orders"),
            "--spring.datasource.username=" + H2Tables.USER,
            "--spring.datasource.password=",
            "--orders.inventory-url=http://localhost:" + inventoryPort,
            "--orders.payment-url=http://127.0.0.1:" + paymentPort,
            "--contextkit.trust.signing.keys." + KEY_ID + "=" + secret,
            "--contextkit.trust.signing.active-key-id=" + KEY_ID);
    inventory =
        ChildProcess.start(
            "inventory", inventoryCommand, work, work.resolve("inventory.log"), null);
    orders = ChildProcess.start("orders", ordersCommand, work, work.resolve("orders.log"), null);
    inventory.awaitHealthy(
        URI.create("http://localhost:" + inventoryPort + "/q/health/ready"), Duration.ofMinutes(3));
    orders.awaitHealthy(
        URI.create("http://localhost:" + ordersPort + "/actuator/health"), Duration.ofMinutes(3));
    if (!started.awaitConsumerAssigned(DemoStack.TOPIC, Duration.ofSeconds(90))) {
      throw new IllegalStateException("no consumer on " + DemoStack.TOPIC);
    }
    System.err.printf(
        "> stack ready: orders :%d (pid %d), inventory :%d (pid %d), %d worker threads each%n",
        ordersPort, orders.pid(), inventoryPort, inventory.pid(), workers);
  }

  private String jdbcUrl(String name) {
    return H2Tables.url(work, name);
  }

  /** The raw bytes of the signing key both services hold. */
  byte[] signingKey() {
    return key.clone();
  }

  URI ordersUri() {
    return URI.create("http://localhost:" + ordersPort);
  }

  URI inventoryUri() {
    return URI.create("http://localhost:" + inventoryPort);
  }

  int ordersPort() {
    return ordersPort;
  }

  int inventoryPort() {
    return inventoryPort;
  }

  Path ordersLog() {
    return work.resolve("orders.log");
  }

  Path inventoryLog() {
    return work.resolve("inventory.log");
  }

  long ordersPid() {
    return requireNonNull(orders).pid();
  }

  long inventoryPid() {
    return requireNonNull(inventory).pid();
  }

  boolean servicesAlive() {
    return requireNonNull(orders).isAlive() && requireNonNull(inventory).isAlive();
  }

  /** Every request the payment stub received so far. */
  List<RecordedRequest> paymentRequests() {
    return requireNonNull(stub).requests();
  }

  /**
   * The number of rows of {@code table} in spring-orders' ("orders") or the inventory's database.
   */
  long rowCount(String database, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(database), H2Tables.USER, "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The end offset (committed and aborted records, transaction markers included) of the topic. */
  long topicEndOffset() {
    Properties properties = new Properties();
    properties.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, requireNonNull(broker).bootstrapServers());
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      TopicPartition partition = new TopicPartition(DemoStack.TOPIC, 0);
      return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
    }
  }

  /** Every committed record on the topic, with its headers. */
  List<io.contextkit.samples.demo.KafkaMessage> topicRecords() {
    return requireNonNull(broker).readCommitted(DemoStack.TOPIC);
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("the stack is not started");
    }
    return value;
  }

  /**
   * Stops the services, the stub and the broker; keeps the work directory (the logs) when asked.
   */
  @Override
  public void close() {
    List<AutoCloseable> parts = new ArrayList<>();
    if (orders != null) {
      parts.add(orders);
    }
    if (inventory != null) {
      parts.add(inventory);
    }
    if (stub != null) {
      parts.add(stub);
    }
    if (broker != null) {
      parts.add(broker);
    }
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("> could not stop " + part + ": " + e);
      }
    }
    System.err.println("> stopped; logs and databases stay in " + work);
  }

  Path work() {
    return work;
  }
}
