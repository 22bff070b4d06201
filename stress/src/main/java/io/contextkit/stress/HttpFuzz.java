package io.contextkit.stress;

import io.contextkit.ContextPropagator;
import io.contextkit.samples.demo.DemoStack;
import io.contextkit.samples.demo.KafkaMessage;
import io.contextkit.samples.demo.RecordedRequest;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * (b) Generated and mutated header sets (those of {@link PropagatorFuzz}, signed with the key the
 * services hold or forged) sent over raw HTTP to the running samples on the demo stack:
 * spring-orders ({@code GET /orders/1} as {@code alice}, one in {@code --post-every} (default 100)
 * a {@code POST /orders} that calls the inventory, the payment stub and Kafka) and
 * quarkus-inventory ({@code GET /reservations?orderId=1}, anonymous). Counted: 5xx answers, broken
 * connections, ERROR or exception lines, log lines that are not JSON or hold a raw control
 * character, a log line whose user or account is neither the authenticated one nor the genuinely
 * signed one, and any traceparent/tracestate the services emit (answers, payment stub, Kafka
 * records) that is not valid W3C, any identity header at the third party.
 *
 * <pre>HttpFuzz --requests 100000 [--services orders,inventory] [--post-every 100] [--seed S]
 *     [--connections 4] [--workers 4] [--minutes M (per service, a cap)]</pre>
 */
public final class HttpFuzz {

  private static final byte[] FORGER =
      "forger-0123456789abcdef-0123456789".getBytes(StandardCharsets.US_ASCII);

  /** Who a request may be logged as. */
  record Allowed(@Nullable String authenticated, @Nullable SignedFields signed) {
    boolean user(@Nullable String user) {
      return user == null
          || user.equals(authenticated)
          || (signed != null && user.equals(signed.userId()));
    }

    boolean account(@Nullable String account) {
      return account == null || (signed != null && account.equals(signed.accountId()));
    }
  }

  private final int postEvery;
  private double minutesPerService;
  // A caller may send the same X-Request-Id more than once (the fuzzer mutates short ids into equal
  // ones), so an id keeps what each of its requests was allowed to carry.
  private final Map<String, List<Allowed>> byRequestId = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicLong ordersStatuses = new AtomicLong();
  private final AtomicLong inventoryStatuses = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong brokenConnections = new AtomicLong();
  private final AtomicLong invalidEmitted = new AtomicLong();
  private final AtomicLong withoutRequestId = new AtomicLong();
  private final List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());

  private HttpFuzz(int postEvery) {
    this.postEvery = postEvery;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = OrderLoad.options(args);
    long requests = Long.parseLong(options.getOrDefault("requests", "100000").replace("_", ""));
    long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime())));
    int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
    int workers = Integer.parseInt(options.getOrDefault("workers", "4"));
    int basePort = Integer.parseInt(options.getOrDefault("base-port", "28080"));
    Path samples = Path.of(options.getOrDefault("samples", "samples"));
    List<String> services =
        List.of(options.getOrDefault("services", "orders,inventory").split(","));
    int postEvery = Integer.parseInt(options.getOrDefault("post-every", "100"));
    double minutes = Double.parseDouble(options.getOrDefault("minutes", "0"));
    boolean pass;
    try (StressStack stack = StressStack.start(samples, basePort, workers, "512m")) {
      HttpFuzz fuzz = new HttpFuzz(postEvery);
      fuzz.minutesPerService = minutes;
      pass = fuzz.run(stack, services, requests, seed, connections);
    }
    System.exit(pass ? 0 : 1);
  }

  private boolean run(
      StressStack stack, List<String> services, long requests, long seed, int connections)
      throws Exception {
    SigningKeys keys = SigningKeys.of(StressStack.KEY_ID, stack.signingKey());
    ContextPropagator receiverView =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .internalHosts(InternalHosts.of("localhost"))
                    .signingKeys(keys)
                    .untrustedTraceIdMode(TraceIdMode.CONTINUE)
                    .build())
            .build();
    HeaderSets sets =
        new HeaderSets(
            receiverView,
            ContextSignature.create(keys),
            ContextSignature.create(SigningKeys.of(StressStack.KEY_ID, FORGER)));
    // Order 1 exists for the GETs; then the logs are read from here on.
    if (placeFirstOrder(stack) != 201) {
      throw new IllegalStateException("the first order was not placed");
    }
    Thread.sleep(3000);
    long ordersOffset = LogAudit.size(stack.ordersLog());
    long inventoryOffset = LogAudit.size(stack.inventoryLog());
    int paymentsBefore = stack.paymentRequests().size();
    int recordsBefore = stack.topicRecords().size();

    long started = System.nanoTime();
    long ordersRequests = services.contains("orders") ? requests : 0;
    fuzz("orders", stack.ordersPort(), sets, ordersRequests, seed, connections);
    double ordersSeconds = (System.nanoTime() - started) / 1e9;
    started = System.nanoTime();
    long inventoryRequests = services.contains("inventory") ? requests : 0;
    fuzz("inventory", stack.inventoryPort(), sets, inventoryRequests, seed + requests, connections);
    double inventorySeconds = (System.nanoTime() - started) / 1e9;
    Thread.sleep(10_000);

    LogAudit audit = new LogAudit();
    AtomicLong untrusted = new AtomicLong();
    AtomicLong lines = new AtomicLong();
    LogAudit.LineCheck check =
        (service, line, raw) -> {
          String requestId = LogAudit.text(line, "request_id");
          List<Allowed> allowed = requestId == null ? null : byRequestId.get(requestId);
          if (allowed == null) {
            return;
          }
          lines.incrementAndGet();
          String user = LogAudit.text(line, "user_id");
          String account = LogAudit.text(line, "account_id");
          // With a shared id the line belongs to one of its requests: it must be allowed by one.
          boolean permitted;
          synchronized (allowed) {
            permitted = allowed.stream().anyMatch(a -> a.user(user) && a.account(account));
          }
          if (!permitted) {
            untrusted.incrementAndGet();
            audit.example(service + " line with an identity nobody signed: " + raw);
          }
        };
    audit.audit("orders", stack.ordersLog(), ordersOffset, check);
    audit.audit("inventory", stack.inventoryLog(), inventoryOffset, check);

    List<RecordedRequest> payments = stack.paymentRequests();
    long thirdPartyIdentity = 0;
    for (RecordedRequest payment : payments.subList(paymentsBefore, payments.size())) {
      emitted("payment stub traceparent", payment.header("traceparent"), true);
      emitted("payment stub tracestate", payment.header("tracestate"), false);
      for (String header : List.of("baggage", "x-request-id", ContextPropagator.SIGNATURE_HEADER)) {
        if (payment.header(header) != null) {
          thirdPartyIdentity++;
          example("the third party received " + header + ": " + payment.header(header));
        }
      }
    }
    List<KafkaMessage> records = stack.topicRecords();
    for (KafkaMessage record : records.subList(recordsBefore, records.size())) {
      emitted("Kafka traceparent", record.headers().get("traceparent"), true);
      emitted("Kafka tracestate", record.headers().get("tracestate"), false);
    }

    System.out.printf(
        "(b): %,d mutated header sets answered by spring-orders in %.0f s, %,d by quarkus-inventory"
            + " in %.0f s"
            + " (seed %d, %d connections, one in %d to spring-orders a POST); answers by status %s; %,d answers without X-Request-Id;"
            + " %,d request ids answered to more than one request;"
            + " %,d log lines of these requests checked for identity (of %,d lines); %,d payment"
            + " calls and %,d Kafka records checked; %s%n",
        ordersStatuses.get(),
        ordersSeconds,
        inventoryStatuses.get(),
        inventorySeconds,
        seed,
        connections,
        postEvery,
        new java.util.TreeMap<>(statuses),
        withoutRequestId.get(),
        byRequestId.values().stream().filter(ids -> ids.size() > 1).count(),
        lines.get(),
        audit.lines,
        payments.size() - paymentsBefore,
        records.size() - recordsBefore,
        HeaderSets.describe());
    System.out.printf(
        "stack traces logged below WARN (not counted): %,d%n", audit.quietStackTraces);
    examples.forEach(e -> System.out.println("  example: " + e));
    audit.examples.forEach(e -> System.out.println("  example: " + e));
    return Figure.report(
        List.of(
            Figure.atLeast(
                "(b) mutated header sets answered by spring-orders",
                statuses(ordersStatuses),
                services.contains("orders") ? requests : 0),
            Figure.atLeast(
                "(b) mutated header sets answered by quarkus-inventory",
                statuses(inventoryStatuses),
                services.contains("inventory") ? requests : 0),
            Figure.zero("(b) 5xx answers", serverErrors.get()),
            Figure.zero("(b) connections broken without an answer", brokenConnections.get()),
            Figure.zero("(b) ERROR lines, or WARN lines with a stack trace", audit.errors),
            Figure.zero("(b) log lines that are not a JSON object", audit.notJson),
            Figure.zero("(b) log lines with a raw control character", audit.controlChars),
            Figure.zero(
                "(b) log lines with a user_id/account_id neither authenticated nor genuinely signed",
                untrusted.get()),
            Figure.zero(
                "(b) emitted traceparent/tracestate not valid W3C (answers, payment stub, Kafka)",
                invalidEmitted.get()),
            Figure.zero("(b) identity headers received by the third party", thirdPartyIdentity)),
        System.out);
  }

  private static int placeFirstOrder(StressStack stack) throws IOException, InterruptedException {
    try (RawHttp http = new RawHttp("localhost", stack.ordersPort())) {
      return http.send(
              "POST",
              "/orders",
              List.of(
                  Map.entry("Authorization", DemoStack.basic("alice", "alice-pw")),
                  Map.entry("Content-Type", "application/json")),
              "{\"sku\":\"ABC-1\",\"quantity\":1}")
          .status();
    }
  }

  private void fuzz(
      String service, int port, HeaderSets sets, long requests, long seed, int connections)
      throws InterruptedException {
    AtomicLong next = new AtomicLong();
    long deadline =
        minutesPerService > 0
            ? System.nanoTime() + (long) (minutesPerService * 60e9)
            : Long.MAX_VALUE;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    boolean orders = service.equals("orders");
    for (int t = 0; t < connections; t++) {
      pool.execute(
          () -> {
            RawHttp http = new RawHttp("localhost", port);
            try {
              long i;
              while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                HeaderSets.HeaderSet set = sets.generate(seed + i);
                List<Map.Entry<String, String>> headers = new ArrayList<>(set.headers());
                boolean post = orders && i % postEvery == 0;
                if (orders) {
                  headers.add(Map.entry("Authorization", DemoStack.basic("alice", "alice-pw")));
                }
                if (post) {
                  headers.add(Map.entry("Content-Type", "application/json"));
                }
                try {
                  RawHttp.Response response =
                      http.send(
                          post ? "POST" : "GET",
                          orders ? (post ? "/orders" : "/orders/1") : "/reservations?orderId=1",
                          headers,
                          post ? "{\"sku\":\"ABC-1\",\"quantity\":1}" : null);
                  statuses
                      .computeIfAbsent(response.status(), s -> new AtomicLong())
                      .incrementAndGet();
                  (orders ? ordersStatuses : inventoryStatuses).incrementAndGet();
                  if (response.status() >= 500) {
                    serverErrors.incrementAndGet();
                    example(
                        service
                            + " answered "
                            + response.status()
                            + " to seed "
                            + (seed + i)
                            + ": "
                            + set.headers()
                            + " -> "
                            + new String(response.body(), StandardCharsets.UTF_8));
                  }
                  String requestId = response.header("x-request-id");
                  if (requestId == null) {
                    withoutRequestId.incrementAndGet();
                  } else {
                    List<Allowed> allowed =
                        byRequestId.computeIfAbsent(
                            requestId,
                            id -> java.util.Collections.synchronizedList(new ArrayList<>()));
                    allowed.add(
                        new Allowed(
                            orders ? "alice" : null,
                            set.signing() == HeaderSets.Signing.GENUINE ? set.signed() : null));
                  }
                  emitted(service + " answer traceparent", response.header("traceparent"), false);
                } catch (IOException e) {
                  brokenConnections.incrementAndGet();
                  example(service + " connection broken for seed " + (seed + i) + ": " + e);
                }
                if (i % 20_000 == 0) {
                  System.err.printf("  %s: %,d requests%n", service, i);
                }
              }
            } catch (RuntimeException e) {
              example(service + " driver failed: " + e);
              throw e;
            } finally {
              http.close();
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(365, TimeUnit.DAYS);
  }

  private static long statuses(AtomicLong answered) {
    return answered.get();
  }

  private void emitted(String what, @Nullable String value, boolean required) {
    if (value == null) {
      if (required) {
        invalidEmitted.incrementAndGet();
        example(what + " missing");
      }
      return;
    }
    boolean valid =
        what.endsWith("traceparent")
            ? W3cValidity.traceparent(value)
            : W3cValidity.tracestate(value);
    if (!valid) {
      invalidEmitted.incrementAndGet();
      example(what + " not valid W3C: " + value);
    }
  }

  private void example(String text) {
    if (examples.size() < 30) {
      examples.add(text.length() > 1500 ? text.substring(0, 1500) + "…" : text);
    }
  }
}
