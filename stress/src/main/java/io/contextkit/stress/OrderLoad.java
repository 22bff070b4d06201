package io.contextkit.stress;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.samples.demo.DemoStack;
import io.contextkit.samples.demo.KafkaMessage;
import io.contextkit.samples.demo.RecordedRequest;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (c) and (d): orders placed through spring-orders on the demo stack, each as a distinct user whose
 * context an internal hop signed (so the user, request id and trace id of every request are known
 * and unique), from many concurrent connections, with the servers limited to a few worker threads.
 * A STANDARD order crosses spring-orders' {@code @Async} audit, the inventory call, the payment
 * stub and the Kafka hop into quarkus-inventory (its consumer, the call back to spring-orders and
 * the managed-executor audit); a TRACE order runs the same code up to the Kafka record, which is
 * captured.
 *
 * <p>Afterwards every JSON log line of both services written during the run is checked: a line with
 * a request id of this run must carry that request's user and trace id (and name its order), and
 * every request must have all its lines. With {@code --trace-share}, TRACE requests must leave no
 * durable effect: no row in either database, no payment call, no Kafka record. With {@code
 * --heap-every}, the heap of both services after a full GC is sampled during the run.
 *
 * <pre>
 * OrderLoad --requests 100000 --connections 64 --workers 4              (c)
 * OrderLoad --minutes 30 --connections 16 --workers 4 --trace-share 0.5 --heap-every 60   (d)
 * </pre>
 */
public final class OrderLoad {

  private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern ORDER_IN_MESSAGE = Pattern.compile("(?i)order (\\d+)");
  private static final String BODY = "{\"sku\":\"ABC-1\",\"quantity\":1}";

  /** What one request was sent as, and what came back. */
  static final class Sent {
    final String user;
    final String traceId;
    final boolean trace;
    volatile int status;
    volatile long orderId = -1;
    volatile boolean traceApplied;
    final AtomicInteger[] lines = new AtomicInteger[Kind.values().length];

    Sent(String user, String traceId, boolean trace) {
      this.user = user;
      this.traceId = traceId;
      this.trace = trace;
      for (int i = 0; i < lines.length; i++) {
        lines[i] = new AtomicInteger();
      }
    }
  }

  /** The log lines a request leaves, by service and message. */
  enum Kind {
    ORDERS_PLACED("orders", "^order \\d+ placed", true),
    ORDERS_AUDITED("orders", "^order \\d+ audited for ", true),
    INVENTORY_RESERVED("inventory", "^Reserved ", true),
    ORDERS_READ_BACK("orders", "^order \\d+ read$", false),
    INVENTORY_CONSUMED("inventory", "^Order \\d+ is ", false),
    INVENTORY_CONFIRMED("inventory", "^Confirmed ", false),
    INVENTORY_AUDITED("inventory", "^Order \\d+ audited$", false);

    final String service;
    final Pattern message;

    /** Whether a TRACE request writes it too (the others follow the Kafka record). */
    final boolean underTrace;

    Kind(String service, String message, boolean underTrace) {
      this.service = service;
      this.message = Pattern.compile(message);
      this.underTrace = underTrace;
    }
  }

  private final Map<String, Sent> byRequestId = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong createdTrace = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong clientExceptions = new AtomicLong();
  private final AtomicLong traceNotApplied = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    long requests = Long.parseLong(options.getOrDefault("requests", "0").replace("_", ""));
    double minutes = Double.parseDouble(options.getOrDefault("minutes", "0"));
    int connections = Integer.parseInt(options.getOrDefault("connections", "64"));
    int workers = Integer.parseInt(options.getOrDefault("workers", "4"));
    double traceShare = Double.parseDouble(options.getOrDefault("trace-share", "0"));
    int heapEvery = Integer.parseInt(options.getOrDefault("heap-every", "0"));
    int basePort = Integer.parseInt(options.getOrDefault("base-port", "28080"));
    Path samples = Path.of(options.getOrDefault("samples", "samples"));
    String heap = options.getOrDefault("heap", "512m");
    if (requests <= 0 && minutes <= 0) {
      throw new IllegalArgumentException("--requests N or --minutes M");
    }
    boolean pass;
    try (StressStack stack = StressStack.start(samples, basePort, workers, heap)) {
      pass =
          new OrderLoad()
              .run(stack, requests, minutes, connections, workers, traceShare, heapEvery);
    }
    System.exit(pass ? 0 : 1);
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value: " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private boolean run(
      StressStack stack,
      long requests,
      double minutes,
      int connections,
      int workers,
      double traceShare,
      int heapEvery)
      throws Exception {
    ContextPropagator upstream =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .internalHosts(InternalHosts.of("localhost"))
                    .signingKeys(SigningKeys.of(StressStack.KEY_ID, stack.signingKey()))
                    .build())
            .build();
    // A few warm-up orders, then the logs are read from here on.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    for (int i = 0; i < 20; i++) {
      place(client, stack, upstream, "warmup-" + i, false, false);
    }
    Thread.sleep(3000);
    long ordersOffset = LogAudit.size(stack.ordersLog());
    long inventoryOffset = LogAudit.size(stack.inventoryLog());
    long rowsBefore = stack.rowCount("orders", "orders");
    long reservationsBefore = stack.rowCount("inventory", "reservations");
    long paymentsBefore = stack.paymentRequests().size();
    long recordsBefore = stack.topicRecords().size();
    long eventsBefore = stack.rowCount("inventory", "order_events");

    HeapSampler sampler = heapEvery > 0 ? new HeapSampler(stack, heapEvery) : null;
    long started = System.nanoTime();
    long deadline = minutes > 0 ? started + (long) (minutes * 60e9) : Long.MAX_VALUE;
    AtomicLong issued = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    System.err.printf(
        "> placing %s orders from %d connections (%.0f %% TRACE), %d worker threads per server%n",
        requests > 0 ? String.format("%,d", requests) : minutes + " minutes of",
        connections,
        traceShare * 100,
        workers);
    for (int t = 0; t < connections; t++) {
      pool.execute(
          () -> {
            while (System.nanoTime() < deadline) {
              long n = issued.incrementAndGet();
              if (requests > 0 && n > requests) {
                return;
              }
              boolean trace = ThreadLocalRandom.current().nextDouble() < traceShare;
              place(client, stack, upstream, (trace ? "t-" : "u-") + n, trace, true);
              if (n % 10_000 == 0) {
                System.err.printf(
                    "  %,d orders, %.0f/s, %,d 201, %,d 5xx, %,d errors, max in flight %d%n",
                    n,
                    n / ((System.nanoTime() - started) / 1e9),
                    created.get() + createdTrace.get(),
                    serverErrors.get(),
                    clientExceptions.get(),
                    maxInFlight.get());
              }
            }
          });
    }
    if (sampler != null) {
      sampler.start(this::placedSoFar);
    }
    pool.shutdown();
    pool.awaitTermination(365, TimeUnit.DAYS);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (sampler != null) {
      sampler.stop();
    }
    long total = byRequestId.size();
    System.err.printf(
        "> %,d orders in %.0f s (%.0f/s); waiting for the consumer to drain%n",
        total, seconds, total / seconds);
    long standard = created.get();
    long expectedEvents = eventsBefore + standard;
    // The single consumer calls spring-orders back for every record, queued behind the producers'
    // requests on the same few worker threads, so it falls far behind during the run; it is given
    // as long as it keeps making progress, and stopped after two minutes without any.
    long drainStarted = System.nanoTime();
    long events = stack.rowCount("inventory", "order_events");
    long lastProgress = drainStarted;
    while (events < expectedEvents
        && System.nanoTime() - lastProgress < TimeUnit.MINUTES.toNanos(2)) {
      Thread.sleep(2000);
      long now = stack.rowCount("inventory", "order_events");
      if (now > events) {
        lastProgress = System.nanoTime();
      }
      events = now;
    }
    System.err.printf(
        "> consumer drained %,d of %,d records in %.0f s%n",
        events - eventsBefore, standard, (System.nanoTime() - drainStarted) / 1e9);
    Thread.sleep(5000);

    // Every log line written since the warm-up.
    LogAudit audit = new LogAudit();
    AtomicLong foreign = new AtomicLong();
    AtomicLong wrongOrder = new AtomicLong();
    AtomicLong unknownRequest = new AtomicLong();
    AtomicLong withoutRequestId = new AtomicLong();
    LogAudit.LineCheck check =
        (service, line, raw) -> {
          String requestId = LogAudit.text(line, "request_id");
          if (requestId == null) {
            withoutRequestId.incrementAndGet();
            return;
          }
          Sent sent = byRequestId.get(requestId);
          if (sent == null) {
            unknownRequest.incrementAndGet();
            audit.example(service + " line with a request id this run did not send: " + raw);
            return;
          }
          String user = LogAudit.text(line, "user_id");
          String traceId = LogAudit.text(line, "trace_id");
          if (!sent.user.equals(user) || !sent.traceId.equals(traceId)) {
            foreign.incrementAndGet();
            audit.example(
                service
                    + " line of "
                    + sent.user
                    + "/"
                    + sent.traceId
                    + " carrying another: "
                    + raw);
          }
          String message = LogAudit.message(line);
          Matcher order = ORDER_IN_MESSAGE.matcher(message);
          if (order.find() && sent.orderId >= 0 && Long.parseLong(order.group(1)) != sent.orderId) {
            wrongOrder.incrementAndGet();
            audit.example(service + " line naming another order than " + sent.orderId + ": " + raw);
          }
          for (Kind kind : Kind.values()) {
            if (kind.service.equals(service) && kind.message.matcher(message).find()) {
              sent.lines[kind.ordinal()].incrementAndGet();
            }
          }
        };
    audit.audit("orders", stack.ordersLog(), ordersOffset, check);
    audit.audit("inventory", stack.inventoryLog(), inventoryOffset, check);

    long withoutLines = 0;
    long traceReachedConsumer = 0;
    for (Map.Entry<String, Sent> e : byRequestId.entrySet()) {
      Sent sent = e.getValue();
      if (sent.status != 201 || sent.user.startsWith("warmup-")) {
        continue;
      }
      boolean missing = false;
      for (Kind kind : Kind.values()) {
        int n = sent.lines[kind.ordinal()].get();
        boolean expected = !sent.trace || kind.underTrace;
        if (expected && n != 1) {
          missing = true;
        }
        if (!expected && n != 0) {
          traceReachedConsumer++;
          example("TRACE request " + e.getKey() + " wrote " + n + " " + kind + " lines");
        }
      }
      if (missing) {
        withoutLines++;
        if (withoutLines <= 10) {
          StringBuilder counts = new StringBuilder();
          for (Kind kind : Kind.values()) {
            counts.append(kind).append('=').append(sent.lines[kind.ordinal()].get()).append(' ');
          }
          example("request " + e.getKey() + " (" + sent.user + ") lines: " + counts);
        }
      }
    }

    List<Figure> figures = new ArrayList<>();
    String tag = traceShare > 0 ? "(d)" : "(c)";
    figures.add(
        Figure.atLeast(
            tag + " orders placed (answered 201)",
            standard + createdTrace.get(),
            requests > 0 ? requests : 1));
    figures.add(
        Figure.atLeast(
            tag + " concurrent requests in flight (max)",
            maxInFlight.get(),
            Math.min(64, connections)));
    figures.add(Figure.zero(tag + " 5xx answers", serverErrors.get()));
    figures.add(Figure.zero(tag + " other non-201 answers", other.get()));
    figures.add(
        Figure.zero(
            tag + " requests that failed in the client (I/O, timeout)", clientExceptions.get()));
    figures.add(
        Figure.zero(tag + " log lines carrying another request's user_id/trace_id", foreign.get()));
    figures.add(Figure.zero(tag + " log lines naming another request's order", wrongOrder.get()));
    figures.add(
        Figure.zero(
            tag + " log lines with a request_id this run never sent", unknownRequest.get()));
    figures.add(Figure.zero(tag + " requests without all their log lines", withoutLines));
    figures.add(Figure.zero(tag + " log lines that are not a JSON object", audit.notJson));
    figures.add(Figure.zero(tag + " log lines with a raw control character", audit.controlChars));
    figures.add(Figure.zero(tag + " ERROR lines, or WARN lines with a stack trace", audit.errors));
    figures.add(
        Figure.zero(
            tag + " orders still unconsumed after the drain",
            Math.max(0, expectedEvents - events)));
    if (traceShare > 0) {
      figures.add(Figure.zero(tag + " TRACE orders without Trace-Applied", traceNotApplied.get()));
      figures.add(
          Figure.zero(
              tag + " TRACE requests that reached the Kafka consumer", traceReachedConsumer));
      long rows = stack.rowCount("orders", "orders") - rowsBefore;
      long reservations = stack.rowCount("inventory", "reservations") - reservationsBefore;
      long payments = stack.paymentRequests().size() - paymentsBefore;
      List<KafkaMessage> records = stack.topicRecords();
      long recordsAdded = records.size() - recordsBefore;
      figures.add(
          Figure.zero(
              tag + " durable effects of TRACE: orders rows beyond the STANDARD orders",
              rows - standard));
      figures.add(
          Figure.zero(
              tag + " durable effects of TRACE: reservations rows beyond the STANDARD orders",
              reservations - standard));
      figures.add(
          Figure.zero(
              tag + " durable effects of TRACE: payment stub calls beyond the STANDARD orders",
              payments - standard));
      figures.add(
          Figure.zero(
              tag + " durable effects of TRACE: Kafka records beyond the STANDARD orders",
              recordsAdded - standard));
      long traceRecords = 0;
      for (KafkaMessage record : records) {
        String requestId = record.headers().get("x-request-id");
        Sent sent = requestId == null ? null : byRequestId.get(requestId);
        if (sent != null && sent.trace) {
          traceRecords++;
        }
      }
      long tracePayments = 0;
      Map<String, Sent> byTraceId = new HashMap<>();
      byRequestId.values().forEach(s -> byTraceId.put(s.traceId, s));
      for (RecordedRequest payment : stack.paymentRequests()) {
        String traceparent = payment.header("traceparent");
        Sent sent =
            traceparent == null || traceparent.length() < 35
                ? null
                : byTraceId.get(traceparent.substring(3, 35));
        if (sent != null && sent.trace) {
          tracePayments++;
        }
      }
      figures.add(Figure.zero(tag + " Kafka records of a TRACE request", traceRecords));
      figures.add(Figure.zero(tag + " payment stub calls of a TRACE request", tracePayments));
      System.out.printf(
          "STANDARD orders %,d, TRACE orders %,d; rows +%,d, reservations +%,d, payments +%,d, records +%,d, topic end offset %,d%n",
          standard,
          createdTrace.get(),
          rows,
          reservations,
          payments,
          recordsAdded,
          stack.topicEndOffset());
    }
    if (sampler != null) {
      figures.addAll(sampler.figures(tag));
    }
    System.out.printf(
        "%s: %,d orders in %.0f s (%.0f/s) from %d connections, %d worker threads per server; log lines checked %,d (%,d without a request id)%n",
        tag,
        total,
        seconds,
        total / seconds,
        connections,
        workers,
        audit.lines,
        withoutRequestId.get());
    System.out.printf(
        "stack traces logged below WARN (not counted): %,d%n", audit.quietStackTraces);
    examples.forEach(e -> System.out.println("  example: " + e));
    audit.examples.forEach(e -> System.out.println("  example: " + e));
    return Figure.report(figures, System.out);
  }

  private long placedSoFar() {
    return created.get() + createdTrace.get();
  }

  private void place(
      HttpClient client,
      StressStack stack,
      ContextPropagator upstream,
      String user,
      boolean trace,
      boolean counted) {
    byte[] id = new byte[24];
    ThreadLocalRandom.current().nextBytes(id);
    String hex = HexFormat.of().formatHex(id);
    String traceId = hex.substring(0, 32);
    String requestId = hex.substring(16, 48);
    RequestContext context =
        RequestContext.builder()
            .traceId(traceId)
            .parentId(hex.substring(32, 48))
            .requestId(requestId)
            .userId(user)
            .requestType(trace ? RequestType.TRACE : RequestType.STANDARD)
            .build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(stack.ordersUri().resolve("/orders"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                trace ? DemoStack.basic("tess", "tess-pw") : DemoStack.basic("alice", "alice-pw"))
            .POST(HttpRequest.BodyPublishers.ofString(BODY));
    upstream.inject(
        context, request, (r, name, value) -> r.header(name, value), OutboundPolicy.FULL);
    Sent sent = new Sent(user, traceId, trace);
    byRequestId.put(requestId, sent);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      sent.status = response.statusCode();
      sent.traceApplied = response.headers().firstValue("Trace-Applied").isPresent();
      Matcher m = ORDER_ID.matcher(response.body());
      if (m.find()) {
        sent.orderId = Long.parseLong(m.group(1));
      }
      if (!counted) {
        return;
      }
      if (sent.status == 201) {
        (trace ? createdTrace : created).incrementAndGet();
        if (trace && !sent.traceApplied) {
          traceNotApplied.incrementAndGet();
        }
      } else if (sent.status >= 500) {
        serverErrors.incrementAndGet();
        example("5xx for " + user + ": " + sent.status + " " + response.body());
      } else {
        other.incrementAndGet();
        example(sent.status + " for " + user + ": " + response.body());
      }
    } catch (IOException e) {
      if (counted) {
        clientExceptions.incrementAndGet();
        example("client error for " + user + ": " + e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void example(String text) {
    if (examples.size() < 20) {
      examples.add(text.length() > 1500 ? text.substring(0, 1500) + "…" : text);
    }
  }
}
