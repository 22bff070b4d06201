package io.contextkit.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.samples.demo.internal.Ports;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The samples end to end, started the way {@code ./demo} starts them (real child JVMs, an
 * in-process KRaft broker, the payment-provider stub, H2 file databases read over JDBC) on random
 * free ports. Skips only when the application jars have not been built (running this module alone
 * without packaging the apps); in the reactor build they are packaged first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndIT {

  private static final String ORDER = Demo.ORDER_JSON;

  private DemoStack stack;

  @BeforeAll
  void startEverything() throws Exception {
    DemoOptions layout = DemoOptions.defaults(DemoOptions.defaultSamplesDirectory());
    Assumptions.assumeTrue(
        Files.isRegularFile(layout.ordersJar()) && Files.isRegularFile(layout.inventoryJar()),
        "The sample applications are not built ("
            + layout.ordersJar()
            + ", "
            + layout.inventoryJar()
            + "): run ./mvnw -pl samples/spring-orders,samples/quarkus-inventory,samples/demo"
            + " verify, or the whole build");
    List<Integer> ports = Ports.free(4);
    DemoOptions options = layout.withPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3));
    stack = DemoStack.start(options, System.out);
  }

  @AfterAll
  void stopEverything() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void standardOrderWritesInBothServicesChargesOnceAndPublishesOnce() throws Exception {
    HttpResult response = stack.placeOrder("alice", "alice-pw", null, ORDER);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(response.header("trace-applied")).isNull();
    long id = Demo.orderId(response);
    assertThat(stack.awaitOrderEvent(id, Duration.ofSeconds(30)))
        .as("quarkus-inventory consumed order-created for order %s", id)
        .isTrue();

    assertThat(rowsOf(stack.ordersRows("orders"), "id", id))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row).containsEntry("user_id", "alice").containsEntry("status", "CREATED");
              assertThat(row.get("sku")).isEqualTo("ABC-1");
            });
    assertThat(rowsOf(stack.inventoryRows("reservations"), "order_id", id))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("user_id", "alice")
                    .containsEntry("status", "CONFIRMED"));
    assertThat(rowsOf(stack.inventoryRows("order_events"), "order_id", id))
        .as("the consumer ran in the order's context, carried by the signed record")
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("user_id", "alice")
                    .containsEntry("request_id", response.header("x-request-id")));
    assertThat(chargesOf(id)).hasSize(1);
    assertThat(messagesOf(id))
        .singleElement()
        .satisfies(message -> assertThat(message.value()).contains("\"userId\":\"alice\""));
  }

  @Test
  void everyLogLineOfAStandardRequestCarriesTheSameContextInBothServices() throws Exception {
    HttpResult response = stack.placeOrder("alice", "alice-pw", null, ORDER);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    String requestId = response.header("x-request-id");
    assertThat(requestId).isNotBlank();

    List<LogLine> lines = awaitLinesInBothServices(requestId);

    assertThat(lines).extracting(LogLine::service).contains("orders", "inventory");
    String traceId = lines.get(0).field("trace_id");
    assertThat(traceId).hasSize(32);
    for (LogLine line : lines) {
      assertThat(line.field("trace_id")).as(line.raw()).isEqualTo(traceId);
      assertThat(line.field("request_id")).as(line.raw()).isEqualTo(requestId);
      assertThat(line.field("user_id")).as(line.raw()).isEqualTo("alice");
      assertThat(line.field("request_type")).as(line.raw()).isEqualTo("STANDARD");
    }
  }

  @Test
  void traceOrderWritesNothingInOrdersChargesNothingPublishesNothingAndReports() throws Exception {
    List<Map<String, Object>> ordersBefore = stack.ordersRows("orders");
    int chargesBefore = stack.paymentRequests().size();
    int messagesBefore = stack.orderCreatedMessages().size();

    HttpResult response = stack.placeOrder("tess", "tess-pw", "request_type=TRACE", ORDER);

    assertThat(response.header("trace-applied")).isEqualTo("request_type=TRACE");
    assertThat(response.header("cache-control")).isEqualTo("no-store");
    String report = response.header("trace-report");
    assertThat(report)
        .as("the suppressed effects")
        .contains("committed=false")
        .contains("entities=1")
        .contains("messages=1")
        .containsPattern("statements=[1-9]")
        .containsPattern("http=[1-9]");
    assertThat(stack.ordersRows("orders")).isEqualTo(ordersBefore);
    assertThat(stack.paymentRequests()).hasSize(chargesBefore);
    assertThat(stack.orderCreatedMessages()).hasSize(messagesBefore);
    String requestId = response.header("x-request-id");
    List<LogLine> lines = JsonLogs.withField(stack.logLines(), "request_id", requestId);
    assertThat(lines)
        .filteredOn(line -> line.service().equals("orders"))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.field("request_type")).isEqualTo("TRACE"));
    // One report per service the TRACE request ran through, each a line of this request.
    assertThat(lines)
        .filteredOn(line -> line.message().contains("TRACE request"))
        .extracting(LogLine::service)
        .containsExactlyInAnyOrder("orders", "inventory");
    assertThat(lines)
        .filteredOn(line -> line.message().contains("TRACE request"))
        .allSatisfy(line -> assertThat(line.message()).contains("committed=false"));
  }

  @Test
  void traceOrderRunsThroughBothServicesWithTheRealResponseAndPersistsNothingInEither()
      throws Exception {
    List<Object> reservationsBefore = new ArrayList<>();
    for (Map<String, Object> row : stack.inventoryRows("reservations")) {
      reservationsBefore.add(row.get("id"));
    }

    HttpResult response = stack.placeOrder("tess", "tess-pw", "request_type=TRACE", ORDER);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(response.body())
        .contains("\"pricing\":\"new\"")
        .contains("\"paymentId\":\"pay_trace\"")
        .contains("\"status\":\"CREATED\"");
    assertThat(response.header("trace-report"))
        .contains("committed=false")
        .contains("http=2")
        .contains("messages=1")
        .contains("violations=0");
    // Compared by id: earlier orders' reservations change status when their record is consumed.
    List<Map<String, Object>> added = new ArrayList<>();
    for (Map<String, Object> row : stack.inventoryRows("reservations")) {
      if (!reservationsBefore.contains(row.get("id"))) {
        added.add(row);
      }
    }
    assertThat(added).as("reservations quarkus-inventory kept for the TRACE order").isEmpty();
    List<LogLine> inventoryLines = new ArrayList<>();
    for (LogLine line : awaitLinesInBothServices(response.header("x-request-id"))) {
      if (line.service().equals("inventory")) {
        inventoryLines.add(line);
      }
    }
    assertThat(inventoryLines)
        .as("quarkus-inventory ran the reservation as TRACE")
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.field("request_type")).isEqualTo("TRACE"));
  }

  @Test
  void anonymousCallerIsRefusedWhateverItsBaggageSays() throws Exception {
    int ordersBefore = stack.ordersRows("orders").size();

    HttpResult response = stack.placeOrder(null, null, "user_id=admin,request_type=TRACE", ORDER);

    assertThat(response.status()).isEqualTo(401);
    assertThat(stack.ordersRows("orders")).hasSize(ordersBefore);
  }

  @Test
  void forgedBaggageCannotSetTheUser() throws Exception {
    HttpResult response = stack.placeOrder("alice", "alice-pw", "user_id=admin", ORDER);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    long id = Demo.orderId(response);
    assertThat(rowsOf(stack.ordersRows("orders"), "id", id))
        .singleElement()
        .satisfies(row -> assertThat(row).containsEntry("user_id", "alice"));
    assertThat(rowsOf(stack.inventoryRows("reservations"), "order_id", id))
        .singleElement()
        .satisfies(row -> assertThat(row).containsEntry("user_id", "alice"));
    assertThat(awaitLinesInBothServices(response.header("x-request-id")))
        .allSatisfy(line -> assertThat(line.field("user_id")).isEqualTo("alice"));
    assertThat(rowsWith(stack.ordersRows("orders"), "user_id", "admin")).isEmpty();
  }

  @Test
  void traceWithoutTheTracePermissionIsRefusedAndRunsNothing() throws Exception {
    int ordersBefore = stack.ordersRows("orders").size();
    int chargesBefore = stack.paymentRequests().size();

    HttpResult response = stack.placeOrder("alice", "alice-pw", "request_type=TRACE", ORDER);

    assertThat(response.status()).as(response.body()).isEqualTo(403);
    assertThat(stack.ordersRows("orders")).hasSize(ordersBefore);
    assertThat(stack.paymentRequests()).hasSize(chargesBefore);
  }

  @Test
  void unsignedCallerOfTheInventoryCannotSetTheUserOrTrace() throws Exception {
    long orderId = 900_000 + System.nanoTime() % 100_000;
    String body = "{\"orderId\":" + orderId + ",\"sku\":\"ABC-1\",\"quantity\":1}";
    List<String> headers = List.of("Content-Type", "application/json", "baggage", "user_id=admin");

    HttpResult forged =
        stack.send("POST", stack.inventoryUri().resolve("/reservations"), headers, body);
    HttpResult trace =
        stack.send(
            "POST",
            stack.inventoryUri().resolve("/reservations"),
            List.of("Content-Type", "application/json", "baggage", "request_type=TRACE"),
            "{\"orderId\":" + (orderId + 1) + ",\"sku\":\"ABC-1\",\"quantity\":1}");

    assertThat(forged.status()).as(forged.body()).isEqualTo(201);
    assertThat(rowsOf(stack.inventoryRows("reservations"), "order_id", orderId))
        .singleElement()
        .satisfies(row -> assertThat(row.get("user_id")).isNotEqualTo("admin"));
    assertThat(trace.status()).as(trace.body()).isEqualTo(403);
    assertThat(rowsOf(stack.inventoryRows("reservations"), "order_id", orderId + 1)).isEmpty();
  }

  @Test
  void newPricingIsOnForTheTesterAndRecordedInTheLogs() throws Exception {
    HttpResult tess = stack.placeOrder("tess", "tess-pw", null, ORDER);

    assertThat(tess.status()).as(tess.body()).isEqualTo(201);
    assertThat(tess.body()).contains("\"pricing\":\"new\"").contains("\"unitPriceCents\":900");
    List<LogLine> lines = awaitLinesInBothServices(tess.header("x-request-id"));
    assertThat(lines)
        .filteredOn(line -> line.service().equals("orders"))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.field("feature_flags")).contains("new-pricing=on"));
  }

  @Test
  void theDemoReportShowsResponsesRowsChargesRecordsAndGroupedLogLines() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out =
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);

    new Demo(stack, out).run();

    String report = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(report)
        .contains("=== 1. STANDARD order")
        .contains("HTTP 201")
        .contains("trace-applied: request_type=TRACE")
        .contains("trace-report: committed=false")
        .contains("=== 3. Rows in spring-orders' database")
        .containsPattern("orders: [1-9][0-9]* row\\(s\\)")
        .containsPattern("reservations: [1-9][0-9]* row\\(s\\)")
        .contains("POST /charges")
        .containsPattern("partition 0 offset [0-9]+ key=[0-9]+ value=\\{\"orderId\"")
        .contains("=== 7. Log lines of the STANDARD order")
        .contains("-- request_id ")
        .contains("user_id=alice request_type=STANDARD")
        .contains("user_id=tess request_type=TRACE feature_flags=new-pricing=on")
        .contains("suppressed: [");
  }

  private List<LogLine> awaitLinesInBothServices(String requestId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<LogLine> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = JsonLogs.withField(stack.logLines(), "request_id", requestId);
      boolean orders = false;
      boolean inventory = false;
      for (LogLine line : lines) {
        orders |= line.service().equals("orders");
        inventory |= line.service().equals("inventory");
      }
      if (orders && inventory) {
        return lines;
      }
      Thread.sleep(100);
    }
    return lines;
  }

  private List<RecordedRequest> chargesOf(long orderId) {
    List<RecordedRequest> charges = new ArrayList<>();
    for (RecordedRequest request : stack.paymentRequests()) {
      if (request.method().equals("POST")
          && request.path().equals("/charges")
          && request.body().contains("\"orderId\":" + orderId + ",")) {
        charges.add(request);
      }
    }
    return charges;
  }

  private List<KafkaMessage> messagesOf(long orderId) {
    List<KafkaMessage> messages = new ArrayList<>();
    for (KafkaMessage message : stack.orderCreatedMessages()) {
      if (String.valueOf(orderId).equals(message.key())) {
        messages.add(message);
      }
    }
    return messages;
  }

  private static List<Map<String, Object>> rowsOf(
      List<Map<String, Object>> rows, String column, long value) {
    return rowsWith(rows, column, String.valueOf(value));
  }

  private static List<Map<String, Object>> rowsWith(
      List<Map<String, Object>> rows, String column, String value) {
    List<Map<String, Object>> matching = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (value.equals(String.valueOf(row.get(column)))) {
        matching.add(row);
      }
    }
    return matching;
  }
}
