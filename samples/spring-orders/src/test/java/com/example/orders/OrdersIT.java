package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.MutableContext;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as deployed, against real components: Tomcat on a random port, H2, an embedded KRaft
 * Kafka broker, and a real HTTP server standing in for the inventory (addressed as {@code
 * localhost}, inside the trust boundary) and the payment provider ({@code 127.0.0.1}, a third
 * party). What was written is read back separately: row counts over JDBC, the stub's request log,
 * and a {@code read_committed} Kafka consumer.
 */
@SpringBootTest(
    classes = OrdersApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:orders-it;DB_CLOSE_DELAY=-1")
@EmbeddedKafka(
    partitions = 1,
    topics = OrderEvents.TOPIC,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ExtendWith(OutputCaptureExtension.class)
class OrdersIT {

  private static final StubServices STUBS = StubServices.start();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TopicPartition PARTITION = new TopicPartition(OrderEvents.TOPIC, 0);
  private static final String ORDER = "{\"sku\":\"ABC-1\",\"quantity\":2}";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @DynamicPropertySource
  static void collaborators(DynamicPropertyRegistry registry) {
    registry.add("orders.inventory-url", () -> "http://localhost:" + STUBS.port());
    registry.add("orders.payment-url", () -> "http://127.0.0.1:" + STUBS.port());
  }

  @AfterAll
  static void stopStubs() {
    STUBS.close();
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired Client flags;
  @Autowired UserDetailsService users;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  /** The development signing key of application.yml, shared with the inventory service. */
  @Value("${contextkit.trust.signing.keys.demo}")
  String signingKey;

  @Test
  void standardOrderWritesEverywhereAndItsTraceTwinWritesNothing(CapturedOutput output)
      throws Exception {
    // STANDARD: the row, the reservation, the charge and the message all happen.
    long rows = rows();
    int charges = STUBS.received("/charges").size();
    long messages = endOffset();

    HttpResponse<String> standard = post("/orders", ORDER, "tess");

    assertThat(standard.statusCode()).isEqualTo(201);
    assertThat(standard.headers().firstValue("Trace-Applied")).isEmpty();
    JsonNode placed = JSON.readTree(standard.body());
    String placedRequestId = standard.headers().firstValue("X-Request-Id").orElseThrow();
    long id = placed.get("id").asLong();
    assertThat(placed.get("sku").asString()).isEqualTo("ABC-1");
    assertThat(placed.get("quantity").asInt()).isEqualTo(2);
    assertThat(placed.get("pricing").asString()).isEqualTo("new");
    assertThat(placed.get("unitPriceCents").asInt()).isEqualTo(900);
    assertThat(placed.get("reservationId").isNumber()).isTrue();
    assertThat(placed.get("paymentId").asString()).startsWith("pay_");
    assertThat(placed.get("status").asString()).isEqualTo("CREATED");
    assertThat(rows()).isEqualTo(rows + 1);
    assertThat(userOf(id)).isEqualTo("tess");
    assertThat(STUBS.reservedOrders()).contains(id);
    List<RecordingHttpServer.Request> chargesAfterStandard = STUBS.received("/charges");
    assertThat(chargesAfterStandard).hasSize(charges + 1);
    RecordingHttpServer.Request charge = chargesAfterStandard.get(charges);
    assertThat(JSON.readTree(charge.body()).get("amountCents").asLong()).isEqualTo(1800);
    // A third party gets the trace and nothing about the user.
    assertThat(charge.header("traceparent")).isNotNull();
    assertThat(charge.header("baggage")).isNull();
    assertThat(charge.header("contextkit-signature")).isNull();
    assertThat(endOffset()).isEqualTo(messages + 1);
    ConsumerRecord<String, String> message = recordAt(messages);
    assertThat(message.key()).isEqualTo(Long.toString(id));
    JsonNode event = JSON.readTree(message.value());
    assertThat(event.get("orderId").asLong()).isEqualTo(id);
    assertThat(event.get("sku").asString()).isEqualTo("ABC-1");
    assertThat(event.get("quantity").asInt()).isEqualTo(2);
    assertThat(event.get("userId").asString()).isEqualTo("tess");
    // order-created is an internal destination: its records carry the signed context, so the
    // inventory's consumer continues this request (TRACE publishing to it is captured all the
    // same).
    assertThat(message.headers().lastHeader("traceparent")).isNotNull();
    assertThat(header(message, "baggage")).contains("user_id=tess");
    assertThat(message.headers().lastHeader("contextkit-signature")).isNotNull();
    assertThat(header(message, "x-request-id")).isEqualTo(placedRequestId);

    // TRACE: the same request by the same user runs through the same code and leaves nothing.
    int reservations = STUBS.received("/reservations").size();
    int reserved = STUBS.reservedOrders().size();
    int chargesBefore = STUBS.received("/charges").size();

    HttpResponse<String> trace = post("/orders", ORDER, "tess", "baggage", "request_type=TRACE");

    assertThat(trace.statusCode()).isEqualTo(201);
    assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(trace.headers().firstValue("Cache-Control")).hasValue("no-store");
    // One transaction (one INSERT of one entity) rolled back, two HTTP calls (the inventory as
    // TRACE, the payment suppressed), one Kafka record captured.
    assertThat(trace.headers().firstValue("Trace-Report"))
        .hasValue(
            "committed=false; transactions=1; statements=1; entities=1; http=2; messages=1; mail=0; cache=0;"
                + " sessions=0; violations=0");
    JsonNode dryRun = JSON.readTree(trace.body());
    assertThat(dryRun.get("status").asString()).isEqualTo("CREATED");
    assertThat(dryRun.get("pricing").asString()).isEqualTo("new");
    assertThat(dryRun.get("paymentId").asString()).isEqualTo("pay_trace");
    long traceOrder = dryRun.get("id").asLong();
    assertThat(rows()).isEqualTo(rows + 1);
    assertThat(get("/orders/" + traceOrder, "tess").statusCode()).isEqualTo(404);
    assertThat(STUBS.received("/charges")).hasSize(chargesBefore);
    assertThat(STUBS.reservedOrders()).hasSize(reserved);
    // The inventory was called, as TRACE, with the signed context, and acknowledged it.
    List<RecordingHttpServer.Request> asked = STUBS.received("/reservations");
    assertThat(asked).hasSize(reservations + 1);
    RecordingHttpServer.Request inventoryCall = asked.get(reservations);
    assertThat(inventoryCall.isTrace()).isTrue();
    assertThat(inventoryCall.header("baggage")).contains("user_id=tess");
    assertThat(inventoryCall.header("contextkit-signature")).isNotBlank();
    assertThat(endOffset()).isEqualTo(messages + 1);
    assertThat(keysFrom(messages)).containsExactly(Long.toString(id));

    // Every JSON log line of the TRACE order says who, which request, TRACE and the flag in effect.
    String requestId = trace.headers().firstValue("X-Request-Id").orElseThrow();
    JsonNode placedLine = logLine(output, requestId, "order " + traceOrder + " placed");
    assertThat(placedLine.get("user_id").asString()).isEqualTo("tess");
    assertThat(placedLine.get("request_type").asString()).isEqualTo("TRACE");
    assertThat(placedLine.get("feature_flags").asString()).isEqualTo("new-pricing=on");
    assertThat(placedLine.get("trace_id").asString()).hasSize(32);
    // The audit line is written on the @Async executor, later, with the same context.
    JsonNode auditLine =
        awaitLogLine(output, requestId, "order " + traceOrder + " audited for tess");
    assertThat(auditLine.get("thread_name").asString()).doesNotStartWith("http-nio");
    assertThat(auditLine.get("user_id").asString()).isEqualTo("tess");
    assertThat(auditLine.get("request_type").asString()).isEqualTo("TRACE");
    assertThat(auditLine.get("trace_id").asString())
        .isEqualTo(placedLine.get("trace_id").asString());
  }

  @Test
  void callerWithoutTheTracePermissionCannotSendTrace() throws Exception {
    long rows = rows();
    int asked = STUBS.received("/reservations").size();

    HttpResponse<String> alice = post("/orders", ORDER, "alice", "baggage", "request_type=TRACE");
    HttpResponse<String> anonymous =
        send(request("/orders", null, "baggage", "request_type=TRACE").POST(body(ORDER)));

    assertThat(alice.statusCode()).isEqualTo(403);
    // Spring Security turns the anonymous caller away before ContextKit looks at TRACE.
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(rows()).isEqualTo(rows);
    assertThat(STUBS.received("/reservations")).hasSize(asked);
  }

  @Test
  void unsignedBaggageNeverMakesTheCallerAdmin() throws Exception {
    long messages = endOffset();
    int asked = STUBS.received("/reservations").size();

    HttpResponse<String> forged =
        post(
            "/orders",
            ORDER,
            "alice",
            "baggage",
            "user_id=admin,tester=true",
            "X-Request-Id",
            "forged-request");

    assertThat(forged.statusCode()).isEqualTo(201);
    long id = JSON.readTree(forged.body()).get("id").asLong();
    assertThat(userOf(id)).isEqualTo("alice");
    assertThat(forged.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(requestId -> assertThat(requestId).isNotEqualTo("forged-request"));
    RecordingHttpServer.Request inventoryCall = STUBS.received("/reservations").get(asked);
    assertThat(inventoryCall.header("baggage")).contains("user_id=alice").doesNotContain("admin");
    assertThat(inventoryCall.header("baggage")).doesNotContain("tester=true");
    assertThat(JSON.readTree(recordAt(messages).value()).get("userId").asString())
        .isEqualTo("alice");
    // The forged tester=true did not switch the flag: alice gets what her own bucket says.
    boolean aliceBucket = flags.getBooleanValue(Pricing.FLAG, false, new MutableContext("alice"));
    assertThat(JSON.readTree(forged.body()).get("pricing").asString())
        .isEqualTo(aliceBucket ? "new" : "standard");
  }

  @Test
  void unauthenticatedCallerCannotPlaceOrders() throws Exception {
    long rows = rows();
    HttpResponse<String> response = send(request("/orders", null).POST(body(ORDER)));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(rows()).isEqualTo(rows);
  }

  @Test
  void orderIsReadBackByItsOwnerAndByTheInventoryService() throws Exception {
    HttpResponse<String> placed = post("/orders", "{\"sku\":\"XYZ-9\",\"quantity\":3}", "alice");
    long id = JSON.readTree(placed.body()).get("id").asLong();

    for (String user : new String[] {"alice", "inventory"}) {
      HttpResponse<String> read = get("/orders/" + id, user);
      assertThat(read.statusCode()).isEqualTo(200);
      JsonNode order = JSON.readTree(read.body());
      assertThat(order.get("id").asLong()).isEqualTo(id);
      assertThat(order.get("sku").asString()).isEqualTo("XYZ-9");
      assertThat(order.get("quantity").asInt()).isEqualTo(3);
      assertThat(order.get("status").asString()).isEqualTo("CREATED");
      assertThat(order.get("unitPriceCents").asInt())
          .isEqualTo(order.get("pricing").asString().equals("new") ? 900 : 1000);
    }
    assertThat(get("/orders/" + (id + 1000), "alice").statusCode()).isEqualTo(404);
    // The inventory service may read orders, not place them.
    assertThat(post("/orders", ORDER, "inventory").statusCode()).isEqualTo(403);
  }

  @Test
  void loggingInNeverUpgradesTheDemoPasswordsToBcrypt() throws Exception {
    // Spring Security re-encodes the password of a UserDetailsPasswordService after a login; with
    // bcrypt every later HTTP Basic request cost ~100 ms of CPU (the stress run's bottleneck).
    for (int i = 0; i < 2; i++) {
      assertThat(get("/orders/1", "alice").statusCode()).isIn(200, 404);
      assertThat(get("/orders/1", "inventory").statusCode()).isIn(200, 404);
    }
    assertThat(users.loadUserByUsername("alice").getPassword()).isEqualTo("{noop}alice-pw");
    assertThat(users.loadUserByUsername("inventory").getPassword()).isEqualTo("{noop}inventory-pw");
  }

  @Test
  void inventoryCallbackWithSignedContextIsServedInThatContext(CapturedOutput output)
      throws Exception {
    long id = JSON.readTree(post("/orders", ORDER, "alice").body()).get("id").asLong();
    ContextSignature signature =
        ContextSignature.create(SigningKeys.of("demo", Base64.getDecoder().decode(signingKey)));
    String signed =
        signature.sign(
            new SignedFields(TRACE_ID, "inventory-callback-1", "tess", null, true, null, null));

    HttpResponse<String> read =
        send(
            request(
                    "/orders/" + id,
                    "inventory",
                    "traceparent",
                    "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
                    "baggage",
                    "user_id=tess,tester=true",
                    "X-Request-Id",
                    "inventory-callback-1",
                    "contextkit-signature",
                    signed)
                .GET());
    HttpResponse<String> unsigned =
        send(
            request(
                    "/orders/" + id,
                    "inventory",
                    "baggage",
                    "user_id=tess",
                    "X-Request-Id",
                    "inventory-callback-2")
                .GET());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("X-Request-Id")).hasValue("inventory-callback-1");
    JsonNode line = logLine(output, "inventory-callback-1", "order " + id + " read");
    assertThat(line.get("user_id").asString()).isEqualTo("tess");
    assertThat(line.get("trace_id").asString()).isEqualTo(TRACE_ID);
    // Without the signature the claims are dropped: the caller is who it authenticated as.
    assertThat(unsigned.statusCode()).isEqualTo(200);
    String requestId = unsigned.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(requestId).isNotEqualTo("inventory-callback-2");
    assertThat(logLine(output, requestId, "order " + id + " read").get("user_id").asString())
        .isEqualTo("inventory");
  }

  @Test
  void invalidOrderIsRejectedWithoutWriting() throws Exception {
    long rows = rows();
    HttpResponse<String> response = post("/orders", "{\"sku\":\"ABC-1\",\"quantity\":0}", "alice");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(rows()).isEqualTo(rows);
  }

  @Test
  void newPricingIsOnForTestersAndForAboutTenPercentOfUsers() {
    assertThat(flags.getBooleanValue(Pricing.FLAG, false, tester("tess"))).isTrue();
    int on = 0;
    for (int i = 0; i < 2000; i++) {
      MutableContext user = new MutableContext("user-" + i);
      if (flags.getBooleanValue(Pricing.FLAG, false, user)) {
        on++;
      }
      // Sticky: the same user always lands in the same bucket.
      assertThat(flags.getBooleanValue(Pricing.FLAG, false, user))
          .isEqualTo(flags.getBooleanValue(Pricing.FLAG, false, new MutableContext("user-" + i)));
    }
    assertThat(on).isBetween(140, 260);
  }

  @Test
  void conformanceEndpointPostsArgumentsThroughThePropagatingClient() throws Exception {
    int before = STUBS.received("/conformance").size();
    String url = "http://localhost:" + STUBS.port() + "/conformance";
    // A malformed URL first: it is skipped and the others still go out.
    String body =
        "[{\"url\":\"not a url\",\"arguments\":[]},"
            + "{\"url\":\""
            + url
            + "\",\"arguments\":[{\"url\":\"http://example.invalid/\",\"arguments\":[]}]},"
            + "{\"url\":\""
            + url
            + "\",\"arguments\":[]}]";

    HttpResponse<String> response =
        send(
            request(
                    "/conformance/trace-context",
                    null,
                    "traceparent",
                    "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
                    "baggage",
                    "user_id=admin")
                .POST(body(body)));

    assertThat(response.statusCode()).isEqualTo(200);
    List<RecordingHttpServer.Request> calls = STUBS.received("/conformance");
    assertThat(calls).hasSize(before + 2);
    RecordingHttpServer.Request first = calls.get(before);
    assertThat(JSON.readTree(first.body()))
        .isEqualTo(JSON.readTree("[{\"url\":\"http://example.invalid/\",\"arguments\":[]}]"));
    assertThat(JSON.readTree(calls.get(before + 1).body()).isArray()).isTrue();
    // The trace is continued; the caller's unsigned user claim is not passed on.
    assertThat(first.header("traceparent")).startsWith("00-" + TRACE_ID + "-");
    assertThat(first.header("baggage") == null ? "" : first.header("baggage"))
        .doesNotContain("admin");
  }

  @Test
  void conformanceEndpointSendsTheCallersTracestateToInternalHostsAndThirdParties()
      throws Exception {
    int before = STUBS.received("/conformance").size();
    // The same stub as localhost (inside the trust boundary) and as 127.0.0.1 (a third party).
    String internal = "http://localhost:" + STUBS.port() + "/conformance";
    String thirdParty = "http://127.0.0.1:" + STUBS.port() + "/conformance";
    String body =
        "[{\"url\":\""
            + internal
            + "\",\"arguments\":[]},{\"url\":\""
            + thirdParty
            + "\",\"arguments\":[]}]";

    HttpResponse<String> response =
        send(
            request(
                    "/conformance/trace-context",
                    null,
                    "traceparent",
                    "00-" + TRACE_ID + "-00f067aa0ba902b7-00",
                    "tracestate",
                    "foo=1,foo=2",
                    "tracestate",
                    "tenant@system=x,bar@=2")
                .POST(body(body)));

    assertThat(response.statusCode()).isEqualTo(200);
    List<RecordingHttpServer.Request> calls = STUBS.received("/conformance");
    assertThat(calls).hasSize(before + 2);
    RecordingHttpServer.Request inside = calls.get(before);
    RecordingHttpServer.Request outside = calls.get(before + 1);
    for (RecordingHttpServer.Request hop : List.of(inside, outside)) {
      assertThat(hop.header("traceparent")).startsWith("00-" + TRACE_ID + "-");
      // Duplicated keys are passed on once, the rest of the header as it came.
      assertThat(hop.header("tracestate")).isEqualTo("foo=1,tenant@system=x,bar@=2");
    }
    assertThat(inside.header("contextkit-signature")).isNotNull();
    assertThat(outside.header("baggage")).isNull();
    assertThat(outside.header("contextkit-signature")).isNull();
  }

  // --- helpers -------------------------------------------------------------------------------

  private long rows() {
    Long count = jdbc.queryForObject("select count(*) from orders", Long.class);
    return count == null ? 0 : count;
  }

  private @Nullable String userOf(long id) {
    return jdbc.queryForObject("select user_id from orders where id = ?", String.class, id);
  }

  private static MutableContext tester(String user) {
    MutableContext context = new MutableContext(user);
    context.add("tester", true);
    return context;
  }

  private HttpResponse<String> post(String path, String json, String user, String... headers)
      throws Exception {
    return send(request(path, user, headers).POST(body(json)));
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    return send(request(path, user).GET());
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private HttpRequest.Builder request(String path, @Nullable String user, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    if (user != null) {
      String credentials = user + ":" + user + "-pw";
      builder.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private KafkaConsumer<String, String> consumer() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.assign(List.of(PARTITION));
    return consumer;
  }

  /** The committed end of the topic: the application waits for each send, so this is final. */
  private long endOffset() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      return consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(10)).get(PARTITION);
    }
  }

  private ConsumerRecord<String, String> recordAt(long offset) {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.seek(PARTITION, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no record at offset " + offset + " within 30 seconds");
  }

  /** The keys of every committed record from {@code offset} to the current end. */
  private List<String> keysFrom(long offset) {
    long end = endOffset();
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.seek(PARTITION, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          keys.add(record.key());
        }
      }
    }
    return keys;
  }

  /** The UTF-8 value of the last header {@code name} of {@code record}, or null. */
  private static @Nullable String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The JSON log line of {@code requestId} whose message starts with {@code message}. */
  private static JsonNode awaitLogLine(CapturedOutput output, String requestId, String message)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return logLine(output, requestId, message);
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(50);
      }
    }
  }

  private static JsonNode logLine(CapturedOutput output, String requestId, String message) {
    for (String line : output.getOut().split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode json = JSON.readTree(line);
      if (requestId.equals(json.path("request_id").asString(""))
          && json.path("message").asString("").startsWith(message)) {
        return json;
      }
    }
    throw new AssertionError("no log line '" + message + "' for request " + requestId);
  }
}
