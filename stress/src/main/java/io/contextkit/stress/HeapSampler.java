package io.contextkit.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples the heap of both services after a full GC ({@code jcmd <pid> GC.run}, then {@code
 * GC.heap_info}) at a fixed interval, with the number of requests served so far; judges flatness by
 * the least-squares slope of heap over requests after the first fifth of the run (warm-up: class
 * loading, caches, JIT).
 */
final class HeapSampler {

  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /** One sample: seconds since the start, requests served, heap used after a full GC in bytes. */
  record Sample(double seconds, long requests, long ordersHeap, long inventoryHeap) {}

  private final StressStack stack;
  private final int everySeconds;
  private final List<Sample> samples = new ArrayList<>();
  private volatile boolean running;
  private Thread thread = new Thread(() -> {});

  HeapSampler(StressStack stack, int everySeconds) {
    this.stack = stack;
    this.everySeconds = everySeconds;
  }

  void start(LongSupplier requests) {
    running = true;
    long started = System.nanoTime();
    thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  sample(requests, started);
                  long until = System.nanoTime() + everySeconds * 1_000_000_000L;
                  while (running && System.nanoTime() < until) {
                    Thread.sleep(250);
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (IOException e) {
                  System.err.println("> heap sample failed: " + e);
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  private void sample(LongSupplier requests, long started)
      throws IOException, InterruptedException {
    long served = requests.getAsLong();
    long orders = heapAfterGc(stack.ordersPid());
    long inventory = heapAfterGc(stack.inventoryPid());
    Sample sample = new Sample((System.nanoTime() - started) / 1e9, served, orders, inventory);
    synchronized (samples) {
      samples.add(sample);
    }
    System.err.printf(
        "  heap after full GC at %4.0f s, %,d requests: orders %,d KB, inventory %,d KB%n",
        sample.seconds, served, orders / 1024, inventory / 1024);
  }

  static long heapAfterGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    long used = 0;
    boolean found = false;
    while (m.find()) {
      used += Long.parseLong(m.group(1)) * 1024;
      found = true;
    }
    if (!found) {
      throw new IOException("unexpected GC.heap_info output: " + info);
    }
    return used;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /**
   * The figures: for each service the heap after full GC at the first and last sample after
   * warm-up, and the slope in bytes per request; flat means under {@code 64} bytes per request (a
   * leak of one small object per request would exceed it) .
   */
  List<Figure> figures(String tag) {
    List<Sample> all;
    synchronized (samples) {
      all = List.copyOf(samples);
    }
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.atLeast(tag + " heap samples after full GC", all.size(), 5));
    if (all.size() < 5) {
      return figures;
    }
    List<Sample> steady = all.subList(all.size() / 5, all.size());
    figures.add(slope(tag + " spring-orders heap growth after warm-up", steady, true));
    figures.add(slope(tag + " quarkus-inventory heap growth after warm-up", steady, false));
    System.out.println("heap after full GC (seconds, requests, orders KB, inventory KB):");
    for (Sample s : all) {
      System.out.printf(
          "  %6.0f %,10d %,8d %,8d%n",
          s.seconds, s.requests, s.ordersHeap / 1024, s.inventoryHeap / 1024);
    }
    return figures;
  }

  private static Figure slope(String name, List<Sample> steady, boolean orders) {
    double n = steady.size();
    double mx = 0;
    double my = 0;
    for (Sample s : steady) {
      mx += s.requests;
      my += orders ? s.ordersHeap : s.inventoryHeap;
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (Sample s : steady) {
      double dx = s.requests - mx;
      sxy += dx * ((orders ? s.ordersHeap : s.inventoryHeap) - my);
      sxx += dx * dx;
    }
    double perRequest = sxx == 0 ? 0 : sxy / sxx;
    Sample first = steady.get(0);
    Sample last = steady.get(steady.size() - 1);
    long from = orders ? first.ordersHeap : first.inventoryHeap;
    long to = orders ? last.ordersHeap : last.inventoryHeap;
    return new Figure(
        name,
        String.format(
            "%.1f B/request (least squares over %d samples; %,d KB → %,d KB over %,d requests)",
            perRequest, steady.size(), from / 1024, to / 1024, last.requests - first.requests),
        "< 64 B/request",
        perRequest < 64);
  }
}
