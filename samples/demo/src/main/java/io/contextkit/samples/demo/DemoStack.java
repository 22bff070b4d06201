package io.contextkit.samples.demo;

import io.contextkit.samples.demo.internal.ChildProcess;
import io.contextkit.samples.demo.internal.H2Tables;
import io.contextkit.samples.demo.internal.KafkaKraftBroker;
import io.contextkit.samples.demo.internal.PaymentStub;
import io.contextkit.samples.demo.internal.Ports;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything the demo runs, started in order and stopped in reverse: a work directory, the
 * in-process KRaft broker (topic {@value #TOPIC} created up front), the payment-provider stub, then
 * quarkus-inventory and spring-orders as child processes sharing one freshly generated signing key,
 * each with its own H2 file database in the work directory. {@link #start} returns once both
 * services answer their health endpoint and a consumer is assigned to {@value #TOPIC}.
 *
 * <p>{@link #close()} stops the child process trees, the stub and the broker and deletes the work
 * directory; it is idempotent and safe to call from a shutdown hook while {@link #start} is still
 * running (whatever was started by then is stopped, the rest is not started).
 *
 * <pre>{@code
 * try (DemoStack stack = DemoStack.start(DemoOptions.parse(args), System.out)) {
 *   HttpResult created = stack.placeOrder("alice", "alice-pw", null, "{\"sku\":\"ABC-1\",\"quantity\":2}");
 * }
 * }</pre>
 */
public final class DemoStack implements AutoCloseable {

  /** The topic spring-orders publishes to and quarkus-inventory consumes. */
  public static final String TOPIC = "order-created";

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(120);
  private static final String SIGNING_KEY_ID = "demo";

  private final DemoOptions options;
  private final @Nullable PrintStream progress;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path workDirectory;
  private @Nullable KafkaKraftBroker broker;
  private @Nullable PaymentStub stub;
  private @Nullable ChildProcess inventory;
  private @Nullable ChildProcess orders;
  private boolean closed;

  private DemoStack(DemoOptions options, @Nullable PrintStream progress, Path workDirectory) {
    this.options = options;
    this.progress = progress;
    this.workDirectory = workDirectory;
  }

  /**
   * Checks the ports and the built applications, then starts everything.
   *
   * @param progress where to print one line per step, or null
   * @throws PortInUseException when a port is taken (nothing was started)
   * @throws IllegalStateException when an application is not built or does not become healthy
   *     (everything started is stopped again)
   */
  public static DemoStack start(DemoOptions options, @Nullable PrintStream progress)
      throws IOException, InterruptedException {
    DemoStack stack = create(options, progress);
    stack.startServices();
    return stack;
  }

  /**
   * The first half of {@link #start}: checks the ports and the built applications and creates the
   * work directory, starting nothing yet, so a caller can register {@link #close()} (for example in
   * a shutdown hook) before anything runs.
   *
   * @throws PortInUseException when a port is taken
   * @throws IllegalStateException when an application is not built
   */
  public static DemoStack create(DemoOptions options, @Nullable PrintStream progress)
      throws IOException {
    Ports.requireFree(
        List.of(
            new Ports.Wanted(options.ordersPort(), "spring-orders HTTP", "--orders-port"),
            new Ports.Wanted(options.inventoryPort(), "quarkus-inventory HTTP", "--inventory-port"),
            new Ports.Wanted(options.paymentPort(), "payment-provider stub", "--payment-port"),
            new Ports.Wanted(options.kafkaPort(), "Kafka broker", "--kafka-port")));
    requireBuilt(options.ordersJar());
    requireBuilt(options.inventoryJar());
    return new DemoStack(options, progress, Files.createTempDirectory("contextkit-demo-"));
  }

  /**
   * The second half of {@link #start}: starts everything and waits until it is ready; on failure
   * everything started is stopped again and the work directory deleted.
   */
  public void startServices() throws IOException, InterruptedException {
    try {
      startAll();
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static void requireBuilt(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " does not exist. Build the samples first: ./mvnw -q -B -ntp -pl"
              + " samples/spring-orders,samples/quarkus-inventory,samples/demo -am package"
              + " -DskipTests (the ./demo script does this).");
    }
  }

  private void startAll() throws IOException, InterruptedException {
    say("Work directory " + workDirectory);
    KafkaKraftBroker startedBroker;
    synchronized (this) {
      requireOpen();
      say("Starting the in-process Kafka broker (KRaft) on localhost:" + options.kafkaPort());
      startedBroker = KafkaKraftBroker.start(options.kafkaPort(), workDirectory.resolve("kafka"));
      broker = startedBroker;
      startedBroker.createTopic(TOPIC);
      requireOpen();
      say("Starting the payment-provider stub on 127.0.0.1:" + options.paymentPort());
      stub = PaymentStub.start(options.paymentPort());
    }
    String key = newSigningKey(signingKeyFile());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> inventoryCommand =
        List.of(
            java.toString(),
            "-XX:TieredStopAtLevel=1",
            "-Xmx384m",
            "-Dquarkus.http.port=" + options.inventoryPort(),
            "-Dkafka.bootstrap.servers=" + startedBroker.bootstrapServers(),
            "-Dquarkus.datasource.jdbc.url=" + inventoryJdbcUrl(),
            "-Dquarkus.datasource.username=" + H2Tables.USER,
            "-Dinventory.orders-url=http://localhost:" + options.ordersPort(),
            "-Dquarkus.contextkit.trust.signing.keys." + SIGNING_KEY_ID + "=" + key,
            "-Dquarkus.contextkit.trust.signing.active-key-id=" + SIGNING_KEY_ID,
            "-jar",
            options.inventoryJar().toString());
    List<String> ordersCommand =
        List.of(
            java.toString(),
            "-XX:TieredStopAtLevel=1",
            "-Xmx384m",
            "-jar",
            options.ordersJar().toString(),
            "--server.port=" + options.ordersPort(),
            "--spring.kafka.bootstrap-servers=" + startedBroker.bootstrapServers(),
            "--spring.datasource.url=" + ordersJdbcUrl(),
            "--spring.datasource.username=" + H2Tables.USER,
            "--spring.datasource.password=",
            "--orders.inventory-url=http://localhost:" + options.inventoryPort(),
            "--orders.payment-url=http://127.0.0.1:" + options.paymentPort(),
            "--contextkit.trust.signing.keys." + SIGNING_KEY_ID + "=" + key,
            "--contextkit.trust.signing.active-key-id=" + SIGNING_KEY_ID);
    PrintStream echo = options.echo() ? progress : null;
    ChildProcess startedInventory;
    ChildProcess startedOrders;
    synchronized (this) {
      requireOpen();
      say("Starting quarkus-inventory on port " + options.inventoryPort());
      startedInventory =
          ChildProcess.start(
              "inventory",
              inventoryCommand,
              workDirectory,
              workDirectory.resolve("inventory.log"),
              echo);
      inventory = startedInventory;
      say("Starting spring-orders on port " + options.ordersPort());
      startedOrders =
          ChildProcess.start(
              "orders", ordersCommand, workDirectory, workDirectory.resolve("orders.log"), echo);
      orders = startedOrders;
    }
    startedInventory.awaitHealthy(
        URI.create("http://localhost:" + options.inventoryPort() + "/q/health/ready"),
        HEALTH_TIMEOUT);
    say("quarkus-inventory is ready (pid " + startedInventory.pid() + ")");
    startedOrders.awaitHealthy(
        URI.create("http://localhost:" + options.ordersPort() + "/actuator/health"),
        HEALTH_TIMEOUT);
    say("spring-orders is ready (pid " + startedOrders.pid() + ")");
    if (!startedBroker.awaitConsumerAssigned(TOPIC, Duration.ofSeconds(60))) {
      throw new IllegalStateException(
          "No consumer was assigned to topic "
              + TOPIC
              + " within 60 s; quarkus-inventory output:\n"
              + startedInventory.tail(40));
    }
    say("quarkus-inventory consumes " + TOPIC);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The demo was stopped while starting");
    }
  }

  private void say(String line) {
    if (progress != null) {
      progress.println("> " + line);
    }
  }

  /**
   * A fresh key for both services, base64 as their configuration wants it; its raw bytes are also
   * written, readable by the owner only, to {@code file}, so a tester can sign a context with
   * {@code ./contextkit headers --key-id demo --key-file <file>}.
   */
  private static String newSigningKey(Path file) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.write(file, key);
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // the work directory is the user's own
    }
    return Base64.getEncoder().encodeToString(key);
  }

  /** The raw bytes of the signing key both services share (key id {@value #SIGNING_KEY_ID}). */
  public Path signingKeyFile() {
    return workDirectory.resolve("signing.key");
  }

  /** The id of the signing key both services share. */
  public String signingKeyId() {
    return SIGNING_KEY_ID;
  }

  /** The options this stack runs with. */
  public DemoOptions options() {
    return options;
  }

  /** The work directory holding the databases, the broker's data and the services' output. */
  public Path workDirectory() {
    return workDirectory;
  }

  /** Base URI of spring-orders. */
  public URI ordersUri() {
    return URI.create("http://localhost:" + options.ordersPort());
  }

  /** Base URI of quarkus-inventory. */
  public URI inventoryUri() {
    return URI.create("http://localhost:" + options.inventoryPort());
  }

  /** JDBC URL of spring-orders' database. */
  public String ordersJdbcUrl() {
    return H2Tables.url(workDirectory, "orders");
  }

  /** JDBC URL of quarkus-inventory's database. */
  public String inventoryJdbcUrl() {
    return H2Tables.url(workDirectory, "inventory");
  }

  /**
   * {@code POST /orders} on spring-orders.
   *
   * @param user HTTP Basic user, or null for an anonymous call
   * @param baggage a W3C {@code baggage} header value to send, or null
   */
  public HttpResult placeOrder(
      @Nullable String user, @Nullable String password, @Nullable String baggage, String json)
      throws IOException, InterruptedException {
    List<String> headers = new ArrayList<>();
    headers.add("Content-Type");
    headers.add("application/json");
    if (user != null) {
      headers.add("Authorization");
      headers.add(basic(user, password == null ? "" : password));
    }
    if (baggage != null) {
      headers.add("baggage");
      headers.add(baggage);
    }
    return send("POST", ordersUri().resolve("/orders"), headers, json);
  }

  /**
   * Sends one request.
   *
   * @param headers alternating names and values
   * @param body the request body, or null for none
   */
  public HttpResult send(String method, URI uri, List<String> headers, @Nullable String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new HttpResult(response.statusCode(), response.headers().map(), response.body());
  }

  /** An HTTP Basic {@code Authorization} value. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Rows of a table of spring-orders' database (empty while the table does not exist). */
  public List<Map<String, Object>> ordersRows(String table) throws SQLException {
    return H2Tables.rows(ordersJdbcUrl(), table);
  }

  /** Rows of a table of quarkus-inventory's database (empty while the table does not exist). */
  public List<Map<String, Object>> inventoryRows(String table) throws SQLException {
    return H2Tables.rows(inventoryJdbcUrl(), table);
  }

  /**
   * Waits until quarkus-inventory has recorded the {@value #TOPIC} event of {@code orderId} in its
   * {@code order_events} table (the Kafka consumer, its call back to spring-orders and its
   * transaction all done).
   *
   * @return whether the row appeared before the timeout
   */
  public boolean awaitOrderEvent(long orderId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        for (Map<String, Object> row : inventoryRows("order_events")) {
          if (String.valueOf(orderId).equals(String.valueOf(row.get("order_id")))) {
            return true;
          }
        }
      } catch (SQLException e) {
        // The database may be busy or the table not there yet; ask again.
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Every request the payment-provider stub received. */
  public List<RecordedRequest> paymentRequests() {
    PaymentStub current = stub;
    return current == null ? List.of() : current.requests();
  }

  /** Every committed record on {@value #TOPIC}. */
  public List<KafkaMessage> orderCreatedMessages() {
    KafkaKraftBroker current = broker;
    return current == null ? List.of() : current.readCommitted(TOPIC);
  }

  /** The JSON log lines of both services so far, spring-orders' first. */
  public List<LogLine> logLines() {
    List<LogLine> lines = new ArrayList<>();
    ChildProcess currentOrders = orders;
    ChildProcess currentInventory = inventory;
    if (currentOrders != null) {
      lines.addAll(JsonLogs.parseAll("orders", currentOrders.lines()));
    }
    if (currentInventory != null) {
      lines.addAll(JsonLogs.parseAll("inventory", currentInventory.lines()));
    }
    return lines;
  }

  /** The raw output of spring-orders so far. */
  public List<String> ordersOutput() {
    ChildProcess current = orders;
    return current == null ? List.of() : current.lines();
  }

  /** The raw output of quarkus-inventory so far. */
  public List<String> inventoryOutput() {
    ChildProcess current = inventory;
    return current == null ? List.of() : current.lines();
  }

  /**
   * Stops everything started, in reverse order, and deletes the work directory. Idempotent; errors
   * while stopping one part do not keep the others running.
   */
  @Override
  public void close() {
    ChildProcess stopOrders;
    ChildProcess stopInventory;
    PaymentStub stopStub;
    KafkaKraftBroker stopBroker;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopOrders = orders;
      stopInventory = inventory;
      stopStub = stub;
      stopBroker = broker;
    }
    say("Stopping everything the demo started");
    if (stopOrders != null) {
      stopOrders.close();
    }
    if (stopInventory != null) {
      stopInventory.close();
    }
    if (stopStub != null) {
      stopStub.close();
    }
    if (stopBroker != null) {
      try {
        stopBroker.close();
      } catch (RuntimeException e) {
        say("The Kafka broker did not stop cleanly: " + e.getMessage());
      }
    }
    deleteRecursively(workDirectory);
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // A file still held open cannot go; the directory is under the system temp directory.
    }
  }
}
