package io.contextkit.benchmarks.http.trace;

import io.contextkit.benchmarks.http.AppProcess;
import io.contextkit.benchmarks.http.LoopbackConnection;
import io.contextkit.benchmarks.http.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Latency of the spring-orders sample's {@code POST /orders} as TRACE against the same order as
 * STANDARD, by the same user ({@code tess}, who holds the TRACE permission). The sample's
 * repackaged jar runs in a JVM of its own, as deployed, against an embedded KRaft broker and {@link
 * OrderStubs} in this JVM. One request at a time over one keep-alive connection; STANDARD and TRACE
 * alternate in pairs whose order is drawn at random (fixed seed), so background load and the
 * growing table fall on both alike. Every response is checked: 201, and {@code Trace-Applied}
 * exactly on the TRACE ones.
 *
 * <pre>
 * java -cp ... io.contextkit.benchmarks.http.trace.TraceLatencyBenchmark --jar spring-orders.jar
 *     --out DIR [--warmup-pairs 200] [--pairs 500] [--heap 512m]
 * </pre>
 *
 * <p>Writes {@code DIR/trace-latency.md} and the application's JSON log {@code
 * DIR/spring-orders.log}; exits non-zero when a response was not what it must be.
 */
public final class TraceLatencyBenchmark {

  private static final String ORDER = "{\"sku\":\"ABC-1\",\"quantity\":2}";

  private TraceLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("target/apps/spring-orders.jar");
    Path out = Path.of("target/http-bench");
    int warmupPairs = 200;
    int pairs = 500;
    String heap = "512m";
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--jar" -> jar = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--warmup-pairs" -> warmupPairs = Integer.parseInt(value);
        case "--pairs" -> pairs = Integer.parseInt(value);
        case "--heap" -> heap = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(out);
    String loadBefore = Stats.loadAverage();
    Instant started = Instant.now();
    double[] standard = new double[pairs];
    double[] trace = new double[pairs];
    long errors = 0;
    long reserved;
    long traceReservations;
    long charged;

    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "order-created");
    broker.afterPropertiesSet();
    try (OrderStubs stubs = new OrderStubs();
        AppProcess app =
            AppProcess.start(
                "spring-orders",
                List.of("-Xms" + heap, "-Xmx" + heap),
                List.of("-jar", jar.toString()),
                List.of(
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--orders.inventory-url=http://localhost:" + stubs.port(),
                    "--orders.payment-url=http://127.0.0.1:" + stubs.port(),
                    "--spring.datasource.url=jdbc:h2:mem:orders-bench;DB_CLOSE_DELAY=-1"),
                out.resolve("spring-orders.log"))) {
      app.awaitReady(TraceLatencyBenchmark::healthy, 300);
      System.err.println("spring-orders ready on port " + app.port());
      byte[] standardRequest = request(app.port(), "STANDARD");
      byte[] traceRequest = request(app.port(), "TRACE");
      SplittableRandom order = new SplittableRandom(42);
      try (LoopbackConnection connection =
          new LoopbackConnection("127.0.0.1", app.port(), 30_000)) {
        for (int i = 0; i < warmupPairs + pairs; i++) {
          boolean traceFirst = order.nextBoolean();
          long first = timed(connection, traceFirst ? traceRequest : standardRequest, traceFirst);
          long second = timed(connection, traceFirst ? standardRequest : traceRequest, !traceFirst);
          long t = traceFirst ? first : second;
          long s = traceFirst ? second : first;
          if (t < 0 || s < 0) {
            errors++;
          }
          if (i >= warmupPairs) {
            trace[i - warmupPairs] = Math.abs(t) / 1e6;
            standard[i - warmupPairs] = Math.abs(s) / 1e6;
          }
          if ((i + 1) % 100 == 0) {
            System.err.println(
                Stats.f(
                    "%s %d/%d pairs, last STANDARD %.2f ms, TRACE %.2f ms",
                    i < warmupPairs ? "warm-up" : "measure",
                    i < warmupPairs ? i + 1 : i + 1 - warmupPairs,
                    i < warmupPairs ? warmupPairs : pairs,
                    Math.abs(s) / 1e6,
                    Math.abs(t) / 1e6));
          }
        }
      }
      reserved = stubs.reserved();
      traceReservations = stubs.traceReservations();
      charged = stubs.charged();
    } finally {
      broker.destroy();
    }
    String loadAfter = Stats.loadAverage();

    StringBuilder report = new StringBuilder();
    report.append(
        Stats.f(
            "TRACE latency, %s: POST /orders by tess, %d warm-up + %d measured STANDARD/TRACE"
                + " pairs, one request at a time; load average %s -> %s%n%n",
            started, warmupPairs, pairs, loadBefore, loadAfter));
    report.append("| request | mean ms | p50 ms | p90 ms | p99 ms | max ms |\n");
    report.append("|---|---:|---:|---:|---:|---:|\n");
    report.append(row("STANDARD", standard));
    report.append(row("TRACE", trace));
    report.append(
        Stats.f(
            "| TRACE / STANDARD | %.3f | %.3f | %.3f | %.3f | |%n",
            Stats.mean(trace) / Stats.mean(standard),
            Stats.median(trace) / Stats.median(standard),
            Stats.quantile(trace, 0.9) / Stats.quantile(standard, 0.9),
            Stats.quantile(trace, 0.99) / Stats.quantile(standard, 0.99)));
    report.append(
        Stats.f(
            "%nChecks: %d bad responses; the inventory stub reserved %d (STANDARD), acknowledged %d"
                + " TRACE reservations; the payment stub charged %d (TRACE is never charged).%n",
            errors, reserved, traceReservations, charged));
    String text = report.toString();
    Files.writeString(out.resolve("trace-latency.md"), text, StandardCharsets.UTF_8);
    System.out.println(text);
    int total = warmupPairs + pairs;
    if (errors > 0 || reserved != total || charged != total || traceReservations != total) {
      System.err.println("FAILED: responses or collaborator counts not as expected");
      System.exit(1);
    }
  }

  private static String row(String label, double[] millis) {
    return Stats.f(
        "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
        label,
        Stats.mean(millis),
        Stats.median(millis),
        Stats.quantile(millis, 0.9),
        Stats.quantile(millis, 0.99),
        Stats.max(millis));
  }

  /** Readiness: the open health endpoint answers 200. */
  private static boolean healthy(int port) {
    try (LoopbackConnection connection = new LoopbackConnection("127.0.0.1", port, 5_000)) {
      String get = "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
      return connection.exchange(get.getBytes(StandardCharsets.ISO_8859_1)).status() == 200;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The same order by tess; only the baggage's request_type differs. */
  private static byte[] request(int port, String requestType) {
    String credentials =
        Base64.getEncoder().encodeToString("tess:tess-pw".getBytes(StandardCharsets.UTF_8));
    String request =
        "POST /orders HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nAuthorization: Basic "
            + credentials
            + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
            + "baggage: request_type="
            + requestType
            + "\r\nContent-Length: "
            + ORDER.length()
            + "\r\n\r\n"
            + ORDER;
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends one order and returns its latency in nanoseconds, negated when the response was not a 201
   * with {@code Trace-Applied} present exactly for TRACE (an I/O error counts as 30 s).
   */
  private static long timed(LoopbackConnection connection, byte[] request, boolean isTrace) {
    long sent = System.nanoTime();
    try {
      LoopbackConnection.Response response = connection.exchange(request);
      long elapsed = System.nanoTime() - sent;
      boolean applied = response.header("Trace-Applied") != null;
      boolean ok = response.status() == 201 && applied == isTrace;
      return ok ? elapsed : -elapsed;
    } catch (IOException e) {
      return -30_000_000_000L;
    }
  }
}
