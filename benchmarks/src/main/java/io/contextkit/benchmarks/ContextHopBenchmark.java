package io.contextkit.benchmarks;

import io.contextkit.ContextExecutors;
import io.contextkit.ContextKit;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * One context hop: capture the current context, wrap a task, run it, restore the running thread.
 * The same six-field payload travels in each system: ours as a {@link RequestContext}; Micrometer
 * context-propagation as the MDC through its selective {@link Slf4jThreadLocalAccessor} (what a
 * Boot application without our accessor propagates); OpenTelemetry as {@link Baggage} in its {@link
 * Context}.
 *
 * <ul>
 *   <li>{@code sameThread_*}: capture, wrap and run on the calling thread (a direct executor), with
 *       the context current; the restore goes back to the same context.
 *   <li>{@code cleanThread_*}: run a task wrapped earlier on a thread that holds no context, as a
 *       pool thread does: the full attach, projection and restore, without a thread hand-off.
 *   <li>{@code pool_*}: submit to a wrapped one-thread pool and wait for the result: the real hop,
 *       dominated by the hand-off between threads.
 * </ul>
 *
 * <p>Ours projects the context onto the MDC on every hop (the default projections); Micrometer
 * writes the MDC because the MDC is what it carries; OpenTelemetry writes no MDC. The {@code
 * oursNoProjection} variants switch our projections off, which isolates the hop's own cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextHopBenchmark {

  /** The work carried across: as small as possible, so the hop is what is measured. */
  static final class Task implements Runnable {
    int runs;

    @Override
    public void run() {
      runs++;
    }
  }

  /**
   * ContextKit: a request context, a task wrapped earlier under it, our executor wrapper. The
   * concrete states below decide whether the context is current on the benchmark thread.
   */
  abstract static class OursBase {
    final Task task = new Task();
    final RequestContext context = Payload.requestContext();
    @Nullable ContextScope scope;
    Runnable wrappedEarlier = task;
    @Nullable ExecutorService pool;

    void start() throws Exception {
      pool = ContextExecutors.wrap(Executors.newSingleThreadExecutor());
      try (ContextScope s = context.makeCurrent()) {
        String[] seen = new String[1];
        pool.submit(() -> seen[0] = MDC.get("user_id")).get();
        Payload.check("ContextKit", "MDC user_id on the pool thread", seen[0]);
      }
    }

    void withoutProjections() {
      ContextKit.setProjections(List.of());
      try (ContextScope s = context.makeCurrent()) {
        if (MDC.get("user_id") != null) {
          throw new IllegalStateException("projections expected off");
        }
      }
    }

    void restoreProjections() {
      ContextKit.setProjections(ContextKit.defaultProjections());
    }

    void prepare(boolean inRequest) {
      String[] seen = new String[1];
      wrappedCheck(seen).run();
      Payload.check("ContextKit", "RequestContext.current() in a wrapped task", seen[0]);
      if (MDC.get("user_id") != null) {
        throw new IllegalStateException("ContextKit left the MDC dirty after a wrapped task");
      }
      try (ContextScope s = context.makeCurrent()) {
        wrappedEarlier = ContextExecutors.wrap(task);
      }
      if (inRequest) {
        scope = context.makeCurrent();
      }
    }

    private Runnable wrappedCheck(String[] seen) {
      try (ContextScope s = context.makeCurrent()) {
        return ContextExecutors.wrap((Runnable) () -> seen[0] = RequestContext.current().userId());
      }
    }

    void exit() {
      if (scope != null) {
        scope.close();
        scope = null;
      }
    }

    void stop() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** ContextKit with the request context current on the benchmark thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Ours extends OursBase {
    @Setup(Level.Trial)
    public void setUpTrial() throws Exception {
      start();
    }

    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(true);
    }

    @TearDown(Level.Iteration)
    public void tearDownIteration() {
      exit();
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
      stop();
    }
  }

  /** ContextKit with no context current on the benchmark thread, as on a pool thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OursClean extends OursBase {
    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(false);
    }
  }

  /**
   * ContextKit in the request, with no projection (no MDC): the hop's own cost, comparable with
   * OpenTelemetry's, which writes no MDC.
   */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OursNoProjection extends OursBase {
    @Setup(Level.Trial)
    public void setUpTrial() {
      withoutProjections();
    }

    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(true);
    }

    @TearDown(Level.Iteration)
    public void tearDownIteration() {
      exit();
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
      restoreProjections();
    }
  }

  /** ContextKit on a clean thread, with no projection. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OursCleanNoProjection extends OursBase {
    @Setup(Level.Trial)
    public void setUpTrial() {
      withoutProjections();
    }

    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(false);
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
      restoreProjections();
    }
  }

  /** Micrometer context-propagation: the six MDC keys through its selective MDC accessor. */
  abstract static class MicrometerBase {
    final Task task = new Task();
    final ContextSnapshotFactory snapshots =
        ContextSnapshotFactory.builder()
            .contextRegistry(
                new ContextRegistry()
                    .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(Payload.KEYS)))
            .build();
    Runnable wrappedEarlier = task;
    @Nullable ExecutorService pool;

    void start() throws Exception {
      pool =
          ContextExecutorService.wrap(
              Executors.newSingleThreadExecutor(), () -> snapshots.captureAll());
      putPayload();
      String[] seen = new String[1];
      pool.submit(() -> seen[0] = MDC.get("user_id")).get();
      removePayload();
      Payload.check("Micrometer", "MDC user_id on the pool thread", seen[0]);
    }

    void prepare(boolean inRequest) {
      putPayload();
      String[] seen = new String[1];
      Runnable check = snapshots.captureAll().wrap((Runnable) () -> seen[0] = MDC.get("user_id"));
      wrappedEarlier = snapshots.captureAll().wrap(task);
      removePayload();
      check.run();
      Payload.check("Micrometer", "MDC user_id in a wrapped task", seen[0]);
      if (MDC.get("user_id") != null) {
        throw new IllegalStateException("Micrometer left the MDC dirty after a wrapped task");
      }
      if (inRequest) {
        putPayload();
      }
    }

    void stop() {
      removePayload();
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    static void putPayload() {
      for (int i = 0; i < Payload.KEYS.length; i++) {
        MDC.put(Payload.KEYS[i], Payload.VALUES[i]);
      }
    }

    static void removePayload() {
      for (String key : Payload.KEYS) {
        MDC.remove(key);
      }
    }
  }

  /** Micrometer with the payload in the MDC of the benchmark thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Micrometer extends MicrometerBase {
    @Setup(Level.Trial)
    public void setUpTrial() throws Exception {
      start();
    }

    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(true);
    }

    @TearDown(Level.Iteration)
    public void tearDownIteration() {
      removePayload();
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
      stop();
    }
  }

  /** Micrometer with a clean MDC on the benchmark thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class MicrometerClean extends MicrometerBase {
    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(false);
    }
  }

  /** OpenTelemetry: the payload as baggage, {@code Context#wrap}. */
  abstract static class OtelBase {
    final Task task = new Task();
    final Context context = Context.root().with(Payload.otelBaggage());
    @Nullable Scope scope;
    Runnable wrappedEarlier = task;
    @Nullable ExecutorService pool;

    void start() throws Exception {
      pool = Context.taskWrapping(Executors.newSingleThreadExecutor());
      String[] seen = new String[1];
      try (Scope s = context.makeCurrent()) {
        pool.submit(() -> seen[0] = Baggage.current().getEntryValue("user_id")).get();
      }
      Payload.check("OpenTelemetry", "baggage user_id on the pool thread", seen[0]);
    }

    void prepare(boolean inRequest) {
      String[] seen = new String[1];
      context.wrap((Runnable) () -> seen[0] = Baggage.current().getEntryValue("user_id")).run();
      Payload.check("OpenTelemetry", "baggage user_id in a wrapped task", seen[0]);
      wrappedEarlier = context.wrap(task);
      if (inRequest) {
        scope = context.makeCurrent();
      }
    }

    void exit() {
      if (scope != null) {
        scope.close();
        scope = null;
      }
    }

    void stop() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** OpenTelemetry with the baggage context current on the benchmark thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Otel extends OtelBase {
    @Setup(Level.Trial)
    public void setUpTrial() throws Exception {
      start();
    }

    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(true);
    }

    @TearDown(Level.Iteration)
    public void tearDownIteration() {
      exit();
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
      stop();
    }
  }

  /** OpenTelemetry with the root context current on the benchmark thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OtelClean extends OtelBase {
    @Setup(Level.Iteration)
    public void setUpIteration() {
      prepare(false);
    }
  }

  @Benchmark
  public Runnable sameThread_ours(Ours s) {
    Runnable wrapped = ContextExecutors.wrap(s.task);
    wrapped.run();
    return wrapped;
  }

  @Benchmark
  public Runnable sameThread_oursNoProjection(OursNoProjection s) {
    Runnable wrapped = ContextExecutors.wrap(s.task);
    wrapped.run();
    return wrapped;
  }

  @Benchmark
  public Runnable sameThread_micrometer(Micrometer s) {
    Runnable wrapped = s.snapshots.captureAll().wrap(s.task);
    wrapped.run();
    return wrapped;
  }

  @Benchmark
  public Runnable sameThread_otel(Otel s) {
    Runnable wrapped = Context.current().wrap(s.task);
    wrapped.run();
    return wrapped;
  }

  @Benchmark
  public void cleanThread_ours(OursClean s) {
    s.wrappedEarlier.run();
  }

  @Benchmark
  public void cleanThread_oursNoProjection(OursCleanNoProjection s) {
    s.wrappedEarlier.run();
  }

  @Benchmark
  public void cleanThread_micrometer(MicrometerClean s) {
    s.wrappedEarlier.run();
  }

  @Benchmark
  public void cleanThread_otel(OtelClean s) {
    s.wrappedEarlier.run();
  }

  @Benchmark
  public Object pool_ours(Ours s) throws InterruptedException, ExecutionException {
    return s.pool.submit(s.task).get();
  }

  @Benchmark
  public Object pool_micrometer(Micrometer s) throws InterruptedException, ExecutionException {
    return s.pool.submit(s.task).get();
  }

  @Benchmark
  public Object pool_otel(Otel s) throws InterruptedException, ExecutionException {
    return s.pool.submit(s.task).get();
  }
}
