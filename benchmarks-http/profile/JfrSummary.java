import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises JFR recordings of the HTTP benchmark's applications, one per variant, as Markdown.
 *
 * <pre>
 * java benchmarks-http/profile/JfrSummary.java contextkit=/tmp/ck.jfr plain=/tmp/plain.jfr ...
 * </pre>
 *
 * <p>From jdk.ExecutionSample and jdk.ObjectAllocationSample (weights in bytes): the share of
 * samples and of sampled bytes per area of the leaf frame (logging, JSON, Tomcat, Spring, JDK...),
 * so that variants compare side by side; and the samples and bytes attributable to ContextKit,
 * grouped by the leaf-most ContextKit frame.
 *
 * <p>Only samples of request threads count (Tomcat's {@code http-nio-*} workers, Quarkus' {@code
 * executor-thread-*} and {@code vert.x-eventloop-thread-*}): startup is not what a request costs.
 *
 * <p>Attribution: a sample is ContextKit's when its leaf-most io.contextkit frame (the benchmark's
 * own io.contextkit.benchmarks classes excluded) did not just hand the request on, i.e. the frame
 * it called is not the servlet filter chain or Tomcat's next valve: work under our filters'
 * chain.doFilter is the application's; work under extract, the MDC projection, scope open and close
 * is ours.
 */
public final class JfrSummary {

  private static final String[] CHAIN_CALLEES = {
    "org.apache.catalina.core.ApplicationFilterChain.",
    "jakarta.servlet.FilterChain.",
    "org.springframework.web.filter.OncePerRequestFilter.doFilter",
    "org.apache.catalina.valves.",
    "org.apache.catalina.core.Standard",
    "org.apache.catalina.authenticator.",
    "org.jboss.resteasy.reactive.",
    "io.quarkus.vertx.http.runtime.",
    "io.vertx.",
  };

  private static final String[][] AREAS = {
    {"io.contextkit.benchmarks.", "benchmark app (controller, catalogue, mdc-filter)"},
    {"io.contextkit.", "ContextKit"},
    {"ch.qos.logback.", "Logback"},
    {"net.logstash.", "logstash encoder"},
    {"org.slf4j.", "SLF4J"},
    {"org.jboss.logmanager.", "JBoss LogManager"},
    {"tools.jackson.", "Jackson"},
    {"com.fasterxml.jackson.", "Jackson"},
    {"org.apache.tomcat.", "Tomcat"},
    {"org.apache.coyote.", "Tomcat"},
    {"org.apache.catalina.", "Tomcat"},
    {"io.micrometer.", "Micrometer"},
    {"io.opentelemetry.", "OpenTelemetry"},
    {"org.springframework.", "Spring"},
    {"io.quarkus.", "Quarkus"},
    {"io.vertx.", "Vert.x"},
    {"io.netty.", "Netty"},
    {"org.jboss.resteasy.", "RESTEasy Reactive"},
    {"java.math.", "JDK BigDecimal"},
    {"sun.nio.", "JDK I/O"},
    {"java.io.", "JDK I/O"},
    {"java.nio.", "JDK I/O"},
    {"java.util.concurrent.locks.", "JDK locks/park"},
    {"jdk.internal.misc.Unsafe.park", "JDK locks/park"},
    {"java.", "JDK other"},
    {"jdk.", "JDK other"},
    {"sun.", "JDK other"},
  };

  private static final class Result {
    final String label;
    long samples;
    long bytes;
    final Map<String, Long> cpuArea = new HashMap<>();
    final Map<String, Long> bytesArea = new HashMap<>();
    final Map<String, Long> cpuOurs = new HashMap<>();
    final Map<String, Long> bytesOurs = new HashMap<>();
    final Map<String, Long> oursTypes = new HashMap<>();
    final Map<String, Long> oursRoots = new HashMap<>();
    final Map<String, Long> leaf = new HashMap<>();

    Result(String label) {
      this.label = label;
    }
  }

  public static void main(String[] args) throws IOException {
    List<Result> results = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      results.add(summarise(arg.substring(0, eq), Path.of(arg.substring(eq + 1))));
    }
    print(results);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String area(String name) {
    for (String[] a : AREAS) {
      if (name.startsWith(a[0])) {
        return a[1];
      }
    }
    return "other";
  }

  private static boolean ours(String name) {
    return name.startsWith("io.contextkit.") && !name.startsWith("io.contextkit.benchmarks.");
  }

  /** {leaf-most ContextKit frame, outermost frame of that ContextKit run}, or null. */
  private static String[] attribute(List<RecordedFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      String name = name(frames.get(i));
      if (!ours(name)) {
        continue;
      }
      String callee = i > 0 ? name(frames.get(i - 1)) : "";
      for (String chain : CHAIN_CALLEES) {
        if (callee.startsWith(chain)) {
          return null;
        }
      }
      int j = i;
      while (j + 1 < frames.size() && ours(name(frames.get(j + 1)))) {
        j++;
      }
      return new String[] {name, name(frames.get(j))};
    }
    return null;
  }

  private static boolean isRequestThread(String name) {
    return name.startsWith("http-nio-")
        || name.startsWith("executor-thread-")
        || name.startsWith("vert.x-eventloop-thread-");
  }

  private static void add(Map<String, Long> map, String key, long value) {
    map.merge(key, value, Long::sum);
  }

  private static Result summarise(String label, Path file) throws IOException {
    Result r = new Result(label);
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        String type = event.getEventType().getName();
        boolean cpu = type.equals("jdk.ExecutionSample");
        boolean alloc = type.equals("jdk.ObjectAllocationSample");
        if (!cpu && !alloc) {
          continue;
        }
        // Request threads only (Tomcat's workers, Quarkus' workers and event loops): startup,
        // JIT and JFR's own threads are not what a request costs.
        jdk.jfr.consumer.RecordedThread thread =
            cpu ? event.getThread("sampledThread") : event.getThread();
        String threadName = thread == null ? null : thread.getJavaName();
        if (threadName == null || !isRequestThread(threadName)) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = stack.getFrames();
        String leaf = name(frames.get(0));
        String[] attributed = attribute(frames);
        if (cpu) {
          r.samples++;
          add(r.cpuArea, area(leaf), 1);
          add(r.leaf, leaf, 1);
          if (attributed != null) {
            add(r.cpuOurs, attributed[0], 1);
            add(r.oursRoots, attributed[1], 1);
          }
        } else {
          long weight = event.getLong("weight");
          r.bytes += weight;
          add(r.bytesArea, area(leaf), weight);
          if (attributed != null) {
            add(r.bytesOurs, attributed[0], weight);
            add(r.oursTypes, event.getClass("objectClass").getName(), weight);
          }
        }
      }
    }
    return r;
  }

  private static String pct(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
  }

  private static long sum(Map<String, Long> map) {
    return map.values().stream().mapToLong(Long::longValue).sum();
  }

  private static List<String> byTotal(List<Result> results, boolean cpu) {
    TreeSet<String> keys = new TreeSet<>();
    for (Result r : results) {
      keys.addAll(cpu ? r.cpuArea.keySet() : r.bytesArea.keySet());
    }
    List<String> list = new ArrayList<>(keys);
    list.sort(
        (a, b) -> {
          double sa = 0;
          double sb = 0;
          for (Result r : results) {
            long whole = cpu ? r.samples : r.bytes;
            Map<String, Long> m = cpu ? r.cpuArea : r.bytesArea;
            sa += whole == 0 ? 0 : (double) m.getOrDefault(a, 0L) / whole;
            sb += whole == 0 ? 0 : (double) m.getOrDefault(b, 0L) / whole;
          }
          return Double.compare(sb, sa);
        });
    return list;
  }

  private static <K> List<Map.Entry<String, Long>> top(Map<String, Long> map, int n) {
    List<Map.Entry<String, Long>> list = new ArrayList<>(map.entrySet());
    list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    return list.subList(0, Math.min(n, list.size()));
  }

  private static void print(List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append("### Execution samples by area of the leaf frame (share of each JVM's samples)\n\n");
    out.append("| area |");
    for (Result r : results) {
      out.append(String.format(Locale.ROOT, " %s (%d samples) |", r.label, r.samples));
    }
    out.append("\n|---|").append("---:|".repeat(results.size())).append('\n');
    for (String a : byTotal(results, true)) {
      out.append("| ").append(a).append(" |");
      for (Result r : results) {
        out.append(' ').append(pct(r.cpuArea.getOrDefault(a, 0L), r.samples)).append(" |");
      }
      out.append('\n');
    }
    out.append("| **ContextKit's work** (attribution rule) |");
    for (Result r : results) {
      out.append(' ').append(pct(sum(r.cpuOurs), r.samples)).append(" |");
    }
    out.append("\n\n### Sampled allocation by area of the leaf frame (share of each JVM's bytes)\n\n");
    out.append("| area |");
    for (Result r : results) {
      out.append(' ').append(r.label).append(" |");
    }
    out.append("\n|---|").append("---:|".repeat(results.size())).append('\n');
    for (String a : byTotal(results, false)) {
      out.append("| ").append(a).append(" |");
      for (Result r : results) {
        out.append(' ').append(pct(r.bytesArea.getOrDefault(a, 0L), r.bytes)).append(" |");
      }
      out.append('\n');
    }
    out.append("| **ContextKit's allocation** (attribution rule) |");
    for (Result r : results) {
      out.append(' ').append(pct(sum(r.bytesOurs), r.bytes)).append(" |");
    }
    out.append('\n');
    for (Result r : results) {
      if (r.cpuOurs.isEmpty() && r.bytesOurs.isEmpty()) {
        continue;
      }
      out.append("\n### ").append(r.label).append(": ContextKit's work, by entry point\n\n");
      out.append("| outermost ContextKit frame of the sample | CPU samples | share of JVM |\n");
      out.append("|---|---:|---:|\n");
      for (Map.Entry<String, Long> e : top(r.oursRoots, 15)) {
        out.append(
            String.format(
                Locale.ROOT,
                "| `%s` | %d | %s |%n",
                e.getKey(),
                e.getValue(),
                pct(e.getValue(), r.samples)));
      }
      out.append("\n### ").append(r.label).append(": by leaf-most ContextKit frame\n\n");
      out.append("| frame | CPU samples | share of JVM | sampled bytes | share of JVM |\n");
      out.append("|---|---:|---:|---:|---:|\n");
      Map<String, Long> keys = new LinkedHashMap<>();
      for (Map.Entry<String, Long> e : top(r.cpuOurs, 100)) {
        keys.put(e.getKey(), 0L);
      }
      for (Map.Entry<String, Long> e : top(r.bytesOurs, 100)) {
        keys.put(e.getKey(), 0L);
      }
      List<String> ordered = new ArrayList<>(keys.keySet());
      ordered.sort(
          (a, b) ->
              Long.compare(
                  r.cpuOurs.getOrDefault(b, 0L) * 1_000_000 / Math.max(1, r.samples)
                      + r.bytesOurs.getOrDefault(b, 0L) * 1_000_000 / Math.max(1, r.bytes),
                  r.cpuOurs.getOrDefault(a, 0L) * 1_000_000 / Math.max(1, r.samples)
                      + r.bytesOurs.getOrDefault(a, 0L) * 1_000_000 / Math.max(1, r.bytes)));
      for (String k : ordered.subList(0, Math.min(20, ordered.size()))) {
        long c = r.cpuOurs.getOrDefault(k, 0L);
        long b = r.bytesOurs.getOrDefault(k, 0L);
        out.append(
            String.format(
                Locale.ROOT,
                "| `%s` | %d | %s | %d | %s |%n",
                k,
                c,
                pct(c, r.samples),
                b,
                pct(b, r.bytes)));
      }
      out.append("\nTypes allocated under ContextKit frames (share of the JVM's sampled bytes): ");
      List<String> types = new ArrayList<>();
      for (Map.Entry<String, Long> e : top(r.oursTypes, 12)) {
        String t = e.getKey();
        types.add(t.substring(t.lastIndexOf('.') + 1) + " " + pct(e.getValue(), r.bytes));
      }
      out.append(String.join(", ", types)).append('\n');
    }
    for (Result r : results) {
      out.append("\n### ").append(r.label).append(": hottest leaf frames\n\n");
      out.append("| leaf frame | share |\n|---|---:|\n");
      for (Map.Entry<String, Long> e : top(r.leaf, 12)) {
        out.append("| `")
            .append(e.getKey())
            .append("` | ")
            .append(pct(e.getValue(), r.samples))
            .append(" |\n");
      }
    }
    System.out.print(out);
  }
}
