package io.contextkit.benchmarks.http;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Requests per second of the quote application (Spring MVC, or with {@code --stack quarkus} the
 * Quarkus REST one of {@code benchmarks-quarkus}) in several variants, each in its own JVM, all
 * started at once and then measured in short interleaved windows: round {@code r} measures every
 * variant once, in an order rotated by {@code r}, so that on a shared machine a change of
 * background load falls on all variants alike. Ratios are computed per round (windows seconds
 * apart) and their median reported, alongside the per-variant medians.
 *
 * <pre>
 * java -cp ... io.contextkit.benchmarks.http.HttpThroughputBenchmark --out DIR
 *     --variant contextkit=CLASSPATH_FILE --variant plain=CLASSPATH_FILE
 *     --variant micrometer=CLASSPATH_FILE [--variant mdc-filter=CLASSPATH_FILE] [--connections 8]
 *     [--warmup-rounds 3] [--rounds 8] [--window 5] [--max-requests 2000000] [--heap 512m]
 *     [--trace-windows true]
 * java -cp ... io.contextkit.benchmarks.http.HttpThroughputBenchmark --stack quarkus --out DIR
 *     --variant contextkit=APP_DIR --variant plain=APP_DIR --variant otel=APP_DIR ...
 * </pre>
 *
 * <p>With {@code --trace-windows true} (the default) every round also measures the {@code
 * contextkit} application with TRACE requests ({@code contextkit-trace}), next to its STANDARD
 * window.
 *
 * <pre>
 * </pre>
 *
 * <p>Writes {@code DIR/http-throughput.md} (the tables), {@code DIR/http-windows.csv} (every
 * window) and each variant's JSON log {@code DIR/<variant>.log}. Exits non-zero when a request
 * failed or when a variant that should carry the baggage fields into the MDC did not.
 */
public final class HttpThroughputBenchmark {

  private static final String OURS = "contextkit";
  private static final String PLAIN = "plain";
  private static final String MICROMETER = "micrometer";
  private static final String MDC_FILTER = "mdc-filter";
  private static final String OTEL = "otel";

  /**
   * The {@code contextkit} application again, with {@code request_type=TRACE} requests (from the
   * trusted loopback peer, so TRACE is accepted): the quote endpoint has no effect to suppress, so
   * TRACE against STANDARD on one JVM is the guards' own cost.
   */
  private static final String OURS_TRACE = "contextkit-trace";

  /** One measured window per round: an application, with STANDARD or TRACE requests. */
  private record Slot(String name, AppProcess app, boolean trace) {}

  /** The baggage fields every request carries and that OURS and MICROMETER must put in the MDC. */
  private static final List<String> FIELDS =
      List.of("user_id", "account_id", "request_id", "request_type");

  private HttpThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, Path> variants = new LinkedHashMap<>();
    Path out = Path.of("target/http-bench");
    int connections = 8;
    int warmupRounds = 3;
    int rounds = 8;
    double window = 5;
    long maxRequests = 2_000_000;
    String heap = "512m";
    boolean traceWindows = true;
    String stack = "spring";
    String incumbent = null;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--variant" -> {
          int eq = value.indexOf('=');
          variants.put(value.substring(0, eq), Path.of(value.substring(eq + 1)));
        }
        case "--out" -> out = Path.of(value);
        case "--connections" -> connections = Integer.parseInt(value);
        case "--warmup-rounds" -> warmupRounds = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--window" -> window = Double.parseDouble(value);
        case "--max-requests" -> maxRequests = Long.parseLong(value);
        case "--heap" -> heap = value;
        case "--trace-windows" -> traceWindows = Boolean.parseBoolean(value);
        case "--stack" -> stack = value;
        case "--incumbent" -> incumbent = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    boolean quarkus = stack.equals("quarkus");
    if (!quarkus && !stack.equals("spring")) {
      throw new IllegalArgumentException("--stack is spring or quarkus, not " + stack);
    }
    if (incumbent == null) {
      incumbent = quarkus ? OTEL : MICROMETER;
    }
    if (!variants.keySet().containsAll(List.of(OURS, PLAIN, incumbent))) {
      throw new IllegalArgumentException(
          "need --variant contextkit=, plain= and " + incumbent + "=");
    }
    Files.createDirectories(out);
    List<String> names = new ArrayList<>(variants.keySet());
    String loadBefore = Stats.loadAverage();
    Instant started = Instant.now();

    List<AppProcess> apps = new ArrayList<>();
    Map<String, List<QuoteLoad.Window>> measured = new LinkedHashMap<>();
    List<Double> loads = new ArrayList<>();
    try {
      for (String name : names) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        // A profiling hook for one variant, e.g. CONTEXTKIT_JVM_OPTS=-XX:StartFlightRecording=...
        String extra = System.getenv(name.toUpperCase(Locale.ROOT).replace('-', '_') + "_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
          jvmArgs.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (quarkus) {
          // The variant's application directory (quarkus-run.jar), run with its Quarkus profile.
          apps.add(
              AppProcess.startQuarkus(
                  name, jvmArgs, variants.get(name), name, out.resolve(name + ".log")));
          continue;
        }
        String classpath = Files.readString(variants.get(name)).trim();
        jvmArgs.addAll(List.of("-cp", classpath));
        apps.add(
            AppProcess.start(
                name,
                jvmArgs,
                List.of("io.contextkit.benchmarks.http.app.QuoteApplication"),
                List.of("--spring.profiles.active=" + name),
                out.resolve(name + ".log")));
      }
      List<Slot> slots = new ArrayList<>();
      for (AppProcess app : apps) {
        app.awaitReady(HttpThroughputBenchmark::answersQuotes, 300);
        log("%s ready on port %d", app.name(), app.port());
        slots.add(new Slot(app.name(), app, false));
        if (traceWindows && app.name().equals(OURS)) {
          slots.add(new Slot(OURS_TRACE, app, true));
        }
      }
      for (Slot slot : slots) {
        measured.put(slot.name(), new ArrayList<>());
      }
      for (int r = 0; r < warmupRounds + rounds; r++) {
        boolean warmup = r < warmupRounds;
        if (!warmup) {
          loads.add(Stats.loadAverage1());
        }
        for (int k = 0; k < slots.size(); k++) {
          Slot slot = slots.get((k + r) % slots.size());
          if (!slot.app().isAlive()) {
            throw new IOException(slot.name() + " died, see " + slot.app().log());
          }
          QuoteLoad.Window w =
              new QuoteLoad(slot.app().port(), connections, slot.trace()).run(window, maxRequests);
          log(
              "%s round %d %-16s %8.0f req/s  %6.2f ms  %d errors",
              warmup ? "warm-up" : "measure",
              warmup ? r + 1 : r - warmupRounds + 1,
              slot.name(),
              w.requestsPerSecond(),
              w.meanLatencyMillis(),
              w.errors());
          if (!warmup) {
            measured.get(slot.name()).add(w);
          }
        }
      }
    } finally {
      for (AppProcess app : apps) {
        app.close();
      }
    }
    String loadAfter = Stats.loadAverage();

    StringBuilder report = new StringBuilder();
    report.append(
        Stats.f(
            "HTTP throughput (%s), %s: %d connections, %d warm-up + %d measured rounds of %.0f s per"
                + " variant, interleaved; load average %s -> %s; 1-minute load at the start of"
                + " the measured rounds: min %.1f, median %.1f, max %.1f (%d cores)%n%n",
            quarkus ? "Quarkus REST" : "Spring MVC",
            started,
            connections,
            warmupRounds,
            rounds,
            window,
            loadBefore,
            loadAfter,
            Stats.min(toArray(loads)),
            Stats.median(toArray(loads)),
            Stats.max(toArray(loads)),
            Runtime.getRuntime().availableProcessors()));
    report.append(
        "| variant | median req/s | mean req/s | min | max | mean latency ms | errors |\n");
    report.append("|---|---:|---:|---:|---:|---:|---:|\n");
    long errors = 0;
    for (String name : measured.keySet()) {
      double[] rps = rps(measured.get(name));
      double latency = 0;
      long requests = 0;
      for (QuoteLoad.Window w : measured.get(name)) {
        errors += w.errors();
        latency += w.latencyNanos() / 1e6;
        requests += w.requests();
      }
      report.append(
          Stats.f(
              "| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %d |%n",
              name,
              Stats.median(rps),
              Stats.mean(rps),
              Stats.min(rps),
              Stats.max(rps),
              requests == 0 ? 0 : latency / requests,
              sumErrors(measured.get(name))));
    }
    report.append("\n| ratio | median of per-round ratios | min | max | ratio of medians |\n");
    report.append("|---|---:|---:|---:|---:|\n");
    report.append(ratioRow("contextkit / plain", measured.get(OURS), measured.get(PLAIN)));
    report.append(
        ratioRow("contextkit / " + incumbent, measured.get(OURS), measured.get(incumbent)));
    report.append(ratioRow(incumbent + " / plain", measured.get(incumbent), measured.get(PLAIN)));
    if (measured.containsKey(OURS_TRACE)) {
      report.append(
          ratioRow(
              "contextkit TRACE / STANDARD (throughput)",
              measured.get(OURS_TRACE),
              measured.get(OURS)));
      report.append(
          latencyRatioRow(
              "contextkit TRACE / STANDARD (mean latency)",
              measured.get(OURS_TRACE),
              measured.get(OURS)));
    }
    if (measured.containsKey(MDC_FILTER)) {
      report.append(
          ratioRow("contextkit / mdc-filter", measured.get(OURS), measured.get(MDC_FILTER)));
      report.append(ratioRow("mdc-filter / plain", measured.get(MDC_FILTER), measured.get(PLAIN)));
    }

    boolean fieldsOk = true;
    report.append("\nMDC check (the last quote log line of each variant):\n\n");
    for (String name : names) {
      List<String> found = mdcFields(out.resolve(name + ".log"));
      // ContextKit, the hand-written filter and Micrometer's correlation fields put the four
      // fields into the MDC; plain puts none; quarkus-opentelemetry only its trace ids (not
      // checked).
      boolean ok =
          switch (name) {
            case OURS, MDC_FILTER, MICROMETER -> found.containsAll(FIELDS);
            case PLAIN -> found.isEmpty();
            default -> true;
          };
      fieldsOk &= ok;
      report.append(
          Stats.f(
              "- %s: %s%s%n",
              name,
              found.isEmpty() ? "none of " + FIELDS : String.join(", ", found),
              ok ? "" : "  <-- UNEXPECTED"));
    }
    String text = report.toString();
    Files.writeString(out.resolve("http-throughput.md"), text, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("http-windows.csv"), csv(measured), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("http-ratios.csv"), RATIOS.toString(), StandardCharsets.UTF_8);
    System.out.println(text);
    if (errors > 0 || !fieldsOk) {
      System.err.println(
          "FAILED: " + errors + " request errors, MDC fields as expected: " + fieldsOk);
      System.exit(1);
    }
  }

  /** Readiness: a real quote request, with the benchmark's headers, answers a quote. */
  private static boolean answersQuotes(int port) {
    try (LoopbackConnection connection = new LoopbackConnection("127.0.0.1", port, 5_000)) {
      return QuoteLoad.isQuote(connection.exchange(new QuoteLoad(port, 1).request(0)));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static double[] rps(List<QuoteLoad.Window> windows) {
    double[] values = new double[windows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = windows.get(i).requestsPerSecond();
    }
    return values;
  }

  private static long sumErrors(List<QuoteLoad.Window> windows) {
    long errors = 0;
    for (QuoteLoad.Window w : windows) {
      errors += w.errors();
    }
    return errors;
  }

  private static String ratioRow(
      String label, List<QuoteLoad.Window> numerator, List<QuoteLoad.Window> denominator) {
    double[] top = rps(numerator);
    double[] bottom = rps(denominator);
    double[] ratios = new double[Math.min(top.length, bottom.length)];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = top[i] / bottom[i];
    }
    record(label, ratios, Stats.median(top) / Stats.median(bottom));
    return Stats.f(
        "| %s | %.3f | %.3f | %.3f | %.3f |%n",
        label,
        Stats.median(ratios),
        Stats.min(ratios),
        Stats.max(ratios),
        Stats.median(top) / Stats.median(bottom));
  }

  /** Like {@link #ratioRow} over the windows' mean latencies (lower is better). */
  private static String latencyRatioRow(
      String label, List<QuoteLoad.Window> numerator, List<QuoteLoad.Window> denominator) {
    int n = Math.min(numerator.size(), denominator.size());
    double[] top = new double[n];
    double[] bottom = new double[n];
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      top[i] = numerator.get(i).meanLatencyMillis();
      bottom[i] = denominator.get(i).meanLatencyMillis();
      ratios[i] = top[i] / bottom[i];
    }
    record(label, ratios, Stats.median(top) / Stats.median(bottom));
    return Stats.f(
        "| %s | %.3f | %.3f | %.3f | %.3f |%n",
        label,
        Stats.median(ratios),
        Stats.min(ratios),
        Stats.max(ratios),
        Stats.median(top) / Stats.median(bottom));
  }

  /** The ratios of this run, one CSV line each, for {@code benchmarks/targets.py}. */
  private static final StringBuilder RATIOS =
      new StringBuilder("ratio,median_of_rounds,min,max,ratio_of_medians,rounds\n");

  private static void record(String label, double[] ratios, double ofMedians) {
    RATIOS.append(
        Stats.f(
            "%s,%.4f,%.4f,%.4f,%.4f,%d%n",
            label,
            Stats.median(ratios),
            Stats.min(ratios),
            Stats.max(ratios),
            ofMedians,
            ratios.length));
  }

  private static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Which of {@link #FIELDS} the last quote log line of {@code log} has as JSON fields. */
  private static List<String> mdcFields(Path log) throws IOException {
    @Nullable String last = null;
    for (String line : tail(log, 64 * 1024).split("\n")) {
      if (line.startsWith("{") && line.contains("\"message\":\"quote ")) {
        last = line;
      }
    }
    List<String> found = new ArrayList<>();
    if (last != null) {
      for (String field : FIELDS) {
        if (last.contains("\"" + field + "\":")) {
          found.add(field);
        }
      }
    }
    return found;
  }

  /** The last {@code bytes} bytes of {@code file} as text (logs run to hundreds of megabytes). */
  private static String tail(Path file, int bytes) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, in.length() - bytes);
      byte[] buffer = new byte[(int) (in.length() - from)];
      in.seek(from);
      in.readFully(buffer);
      return new String(buffer, StandardCharsets.UTF_8);
    }
  }

  private static String csv(Map<String, List<QuoteLoad.Window>> measured) {
    StringBuilder csv = new StringBuilder("variant,round,requests,errors,seconds,req_per_s\n");
    for (Map.Entry<String, List<QuoteLoad.Window>> e : measured.entrySet()) {
      for (int i = 0; i < e.getValue().size(); i++) {
        QuoteLoad.Window w = e.getValue().get(i);
        csv.append(
            Stats.f(
                "%s,%d,%d,%d,%.3f,%.1f%n",
                e.getKey(),
                i + 1,
                w.requests(),
                w.errors(),
                w.elapsedNanos() / 1e9,
                w.requestsPerSecond()));
      }
    }
    return csv.toString();
  }

  private static void log(String format, Object... args) {
    System.err.println(Stats.f(format, args));
  }
}
