package io.contextkit.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The one-command demo ({@code ./demo}): starts everything ({@link DemoStack}), sends a STANDARD
 * order as {@code alice} and a TRACE order as the tester {@code tess}, prints what each left behind
 * (responses, database rows, payment-provider requests, Kafka records, the log lines of each
 * request grouped by {@code request_id}) and stops everything, also on failure and on Ctrl-C.
 *
 * <p>Exit status: 0 on success, 1 when something failed, 2 for a bad command line or a taken port.
 */
public final class Demo {

  /** The order both requests place. */
  public static final String ORDER_JSON = "{\"sku\":\"ABC-1\",\"quantity\":2}";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DemoStack stack;
  private final PrintStream out;

  Demo(DemoStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** Runs the demo; see the class description. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    if (List.of(args).contains("--help")) {
      out.println(DemoOptions.USAGE);
      return;
    }
    AtomicReference<@Nullable DemoStack> running = new AtomicReference<>();
    // Ctrl-C (SIGINT) and SIGTERM run shutdown hooks: stop the children, the stub and the broker
    // and delete the work directory, whatever the main thread is doing.
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              DemoStack stack = running.get();
              if (stack != null) {
                stack.close();
              }
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int status = 0;
    try {
      DemoStack stack = DemoStack.create(options, out);
      running.set(stack);
      try (stack) {
        stack.startServices();
        if (options.waitForCtrlC()) {
          new Demo(stack, out).printAddresses();
          Thread.currentThread().join();
        }
        new Demo(stack, out).run();
      }
    } catch (PortInUseException e) {
      System.err.println(e.getMessage());
      status = 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 1;
    } catch (Exception e) {
      System.err.println();
      if (stopping.get()) {
        // Ctrl-C: what failed was only the work the shutdown hook pulled the rug from under.
        System.err.println("Interrupted: everything the demo started has been stopped.");
        return;
      }
      System.err.println(
          "The demo failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      status = 1;
    }
    System.exit(status);
  }

  /** What {@code --wait} prints: where everything runs, so a user can try it by hand. */
  void printAddresses() {
    DemoOptions options = stack.options();
    heading("Everything runs. Press Ctrl-C to stop it all.");
    out.println(
        "spring-orders       " + stack.ordersUri() + "   (users alice/alice-pw, tess/tess-pw)");
    out.println("quarkus-inventory   " + stack.inventoryUri());
    out.println(
        "payment stub        http://127.0.0.1:" + options.paymentPort() + "   (third party)");
    out.println(
        "Kafka               localhost:" + options.kafkaPort() + "   topic " + DemoStack.TOPIC);
    out.println("orders database     " + stack.ordersJdbcUrl() + "   user sa, no password");
    out.println("inventory database  " + stack.inventoryJdbcUrl() + "   user sa, no password");
    out.println("logs (JSON lines)   " + stack.workDirectory().resolve("orders.log"));
    out.println("                    " + stack.workDirectory().resolve("inventory.log"));
    out.println(
        "signing key         "
            + stack.signingKeyFile()
            + "   (key id "
            + stack.signingKeyId()
            + ", raw bytes: ./contextkit headers --key-id "
            + stack.signingKeyId()
            + " --key-file ...)");
    out.println();
    out.println(
        "Try: curl -si -u alice:alice-pw -H 'Content-Type: application/json' -d '"
            + ORDER_JSON
            + "' "
            + stack.ordersUri()
            + "/orders");
  }

  void run() throws Exception {
    heading("1. STANDARD order: alice, POST /orders " + ORDER_JSON);
    HttpResult standard = stack.placeOrder("alice", "alice-pw", null, ORDER_JSON);
    printResponse(standard);
    Long standardId = orderId(standard);
    if (standardId != null) {
      out.println();
      out.println(
          "Waiting for quarkus-inventory to consume order-created for order "
              + standardId
              + " (Kafka -> Quarkus -> GET /orders/"
              + standardId
              + " on spring-orders) ...");
      boolean consumed = stack.awaitOrderEvent(standardId, Duration.ofSeconds(30));
      out.println(consumed ? "... consumed." : "... not consumed within 30 s.");
    }

    heading("2. TRACE order: tess (tester, holds CONTEXTKIT_TRACE), baggage: request_type=TRACE");
    HttpResult trace = stack.placeOrder("tess", "tess-pw", "request_type=TRACE", ORDER_JSON);
    printResponse(trace);
    String report = trace.header("trace-report");
    if (trace.status() >= 500 && report != null && !report.contains("violations=0")) {
      out.println();
      out.println(
          "Note: the TRACE request failed closed. Its report counts a violation: an internal callee"
              + " did not acknowledge TRACE (no Trace-Applied), so spring-orders refused to go on"
              + " rather than let the rest run for real.");
    }

    heading("3. Rows in spring-orders' database (" + stack.ordersJdbcUrl() + ")");
    printRows("orders", stack.ordersRows("orders"));
    heading("4. Rows in quarkus-inventory's database (" + stack.inventoryJdbcUrl() + ")");
    printRows("reservations", stack.inventoryRows("reservations"));
    printRows("order_events", stack.inventoryRows("order_events"));

    heading("5. What the payment provider (a third party, 127.0.0.1) received");
    List<RecordedRequest> payments = stack.paymentRequests();
    out.println(payments.size() + " request(s)");
    for (RecordedRequest request : payments) {
      out.println("  " + request.method() + " " + request.path() + "  " + request.body());
      for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
        out.println("      " + header.getKey() + ": " + String.join(", ", header.getValue()));
      }
    }

    heading("6. Records on Kafka topic " + DemoStack.TOPIC + " (read_committed consumer)");
    List<KafkaMessage> messages = stack.orderCreatedMessages();
    out.println(messages.size() + " record(s)");
    for (KafkaMessage message : messages) {
      out.println(
          "  partition "
              + message.partition()
              + " offset "
              + message.offset()
              + " key="
              + message.key()
              + " value="
              + message.value());
      for (Map.Entry<String, String> header : message.headers().entrySet()) {
        out.println("      " + header.getKey() + ": " + header.getValue());
      }
    }

    List<LogLine> lines = stack.logLines();
    heading(
        "7. Log lines of the STANDARD order, grouped by request_id (the HTTP call to the inventory,"
            + " then the order-created record, its consumer and the call back to spring-orders)");
    printRequestLogs(standard.header("x-request-id"), lines);
    String consumerRequest = standardId == null ? null : consumerRequestId(standardId);
    // With a signed context on the record the consumer continues the order's request, and its lines
    // are in the group above already; otherwise it is a request of its own.
    if (consumerRequest != null && !consumerRequest.equals(standard.header("x-request-id"))) {
      heading(
          "7b. Log lines of quarkus-inventory's order-created consumer for order "
              + standardId
              + " (its request_id is in order_events)");
      printRequestLogs(consumerRequest, lines);
    }
    heading("8. Log lines of the TRACE order");
    printRequestLogs(trace.header("x-request-id"), lines);
    printSystemMap();
    out.println();
    out.println(
        "The services' complete output was in "
            + stack.workDirectory()
            + "/orders.log and inventory.log (deleted on exit; ./demo --echo prints it live).");
  }

  /**
   * Section 9: the system map, built by {@code contextkit map} from the two running services'
   * dependency endpoints, printed as Mermaid, with the HTML page written next to the demo jar.
   */
  private void printSystemMap() throws IOException, InterruptedException {
    Path html = stack.options().systemMapFile();
    String orders = stack.ordersUri().toString();
    String inventory = stack.inventoryUri().toString();
    // spring-orders' actuator is secured like the rest of its API: any of its users may read it.
    heading(
        "9. The system map, from the running services: ./contextkit map -u alice:alice-pw "
            + orders
            + " "
            + inventory
            + " --html "
            + html);
    Path jar = stack.options().contextkitJar();
    if (!Files.isRegularFile(jar)) {
      out.println(
          "(" + jar + " is not built: ./mvnw -q -pl contextkit-cli -am package -DskipTests)");
      return;
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                jar.toString(),
                "map",
                "-u",
                "alice:alice-pw",
                orders,
                inventory,
                "--html",
                html.toString())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    out.print(output);
    if (exit == 0) {
      out.println("Open " + html.toUri() + " in a browser for the picture (nothing is fetched).");
    } else {
      out.println("(contextkit map exited with " + exit + ")");
    }
  }

  private void heading(String title) {
    out.println();
    out.println("=== " + title);
  }

  private void printResponse(HttpResult response) {
    out.println("HTTP " + response.status());
    for (String name :
        List.of("x-request-id", "trace-applied", "trace-report", "cache-control", "location")) {
      String value = response.header(name);
      if (value != null) {
        out.println(name + ": " + value);
      }
    }
    out.println(response.body());
  }

  private void printRows(String table, List<Map<String, Object>> rows) {
    out.println(table + ": " + rows.size() + " row(s)");
    for (Map<String, Object> row : rows) {
      StringBuilder text = new StringBuilder("  ");
      for (Map.Entry<String, Object> column : row.entrySet()) {
        text.append(column.getKey()).append('=').append(column.getValue()).append("  ");
      }
      out.println(text.toString().stripTrailing());
    }
  }

  private @Nullable String consumerRequestId(long orderId) throws java.sql.SQLException {
    for (Map<String, Object> row : stack.inventoryRows("order_events")) {
      if (String.valueOf(orderId).equals(String.valueOf(row.get("order_id")))) {
        Object requestId = row.get("request_id");
        return requestId == null || "NULL".equals(requestId) ? null : requestId.toString();
      }
    }
    return null;
  }

  /**
   * Prints every log line of the request tree a request id belongs to: the lines of its trace ids,
   * grouped by request id.
   */
  private void printRequestLogs(@Nullable String requestId, List<LogLine> lines) {
    if (requestId == null) {
      out.println("(the response carried no X-Request-Id)");
      return;
    }
    Set<String> traceIds = new LinkedHashSet<>();
    for (LogLine line : JsonLogs.withField(lines, "request_id", requestId)) {
      String traceId = line.field("trace_id");
      if (traceId != null) {
        traceIds.add(traceId);
      }
    }
    List<LogLine> related = new ArrayList<>();
    for (LogLine line : lines) {
      String traceId = line.field("trace_id");
      if (requestId.equals(line.field("request_id"))
          || (traceId != null && traceIds.contains(traceId))) {
        related.add(line);
      }
    }
    if (related.isEmpty()) {
      out.println("(no log line carries request_id " + requestId + ")");
      return;
    }
    // Both services' lines in the order they were written: the story of the request.
    related.sort(java.util.Comparator.comparing(Demo::instant));
    out.println("trace_id " + String.join(", ", traceIds));
    for (Map.Entry<String, List<LogLine>> group : JsonLogs.byRequestId(related).entrySet()) {
      out.println();
      out.println("-- request_id " + group.getKey());
      for (LogLine line : group.getValue()) {
        out.println(format(line));
      }
    }
  }

  private static java.time.Instant instant(LogLine line) {
    try {
      return java.time.Instant.parse(line.timestamp());
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.Instant.MIN;
    }
  }

  private static String format(LogLine line) {
    StringBuilder text =
        new StringBuilder()
            .append(
                String.format(
                    "  %-9s %-5s %s: %s",
                    line.service(), line.level(), shortLogger(line.logger()), line.message()));
    String effects = line.field("trace.effects");
    if (effects != null) {
      text.append(System.lineSeparator()).append("            suppressed: ").append(effects);
    }
    text.append(System.lineSeparator()).append("            ");
    for (String field : JsonLogs.CONTEXT_FIELDS) {
      String value = line.field(field);
      if (value != null) {
        text.append(field).append('=').append(value).append(' ');
      }
    }
    return text.toString().stripTrailing();
  }

  private static String shortLogger(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }

  /** The {@code id} of an order response, or null when the body has none. */
  static @Nullable Long orderId(HttpResult response) {
    try {
      JsonNode id = MAPPER.readTree(response.body()).get("id");
      return id == null || !id.canConvertToLong() ? null : id.asLong();
    } catch (Exception e) {
      return null;
    }
  }
}
