package io.contextkit.benchmarks;

import io.contextkit.ContextKit;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.util.List;
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
 * Opening and closing a scope, with the MDC kept in step (logback's real MDC adapter).
 *
 * <ul>
 *   <li>{@code enter_*}: from a thread with no context to the six-field context and back, as at
 *       request entry: six MDC keys written and removed.
 *       <ul>
 *         <li>{@code ours}: {@code RequestContext#makeCurrent} + close with the default projections
 *             (MDC and span attributes; no span is recording).
 *         <li>{@code oursNoProjection}: the same with no projection, so {@code ours -
 *             oursNoProjection} is the MDC projection's cost.
 *         <li>{@code otelPlain}: {@code Baggage#makeCurrent} + close, no MDC at all.
 *         <li>{@code braveLike}: the OpenTelemetry scope plus what Brave's MDC scope decorator
 *             does, written by hand: per key remember the old value and put the new one, and on
 *             close put back or remove.
 *       </ul>
 *   <li>{@code nested_*}: inside that context, a derived one with a different user (one key
 *       changes) made current and closed: ours writes only what changed, the hand-written decorator
 *       writes all six.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeMdcBenchmark {

  static final String OTHER_USER = "bob@example.com";

  /** The contexts of both systems; optionally the outer one is current. */
  abstract static class Contexts {
    final RequestContext ours = Payload.requestContext();
    final RequestContext oursNested = ours.toBuilder().userId(OTHER_USER).build();
    final Baggage baggage = Payload.otelBaggage();
    final Baggage baggageNested = baggage.toBuilder().put("user_id", OTHER_USER).build();
    final String[] nestedValues = Payload.VALUES.clone();
    final String[] previous = new String[Payload.KEYS.length];

    {
      nestedValues[2] = OTHER_USER;
    }

    void checkProjection(boolean projects) {
      try (ContextScope s = ours.makeCurrent()) {
        String seen = MDC.get("user_id");
        if (projects) {
          Payload.check("ContextKit", "MDC user_id in scope", seen);
        } else if (seen != null) {
          throw new IllegalStateException("projection expected off");
        }
      }
      if (MDC.get("user_id") != null) {
        throw new IllegalStateException("ContextKit left the MDC dirty after a scope");
      }
      try (Scope s = braveLikeOpen(baggage, Payload.VALUES)) {
        Payload.check("hand-written MDC scope", "MDC user_id in scope", MDC.get("user_id"));
      }
      if (MDC.get("user_id") != null) {
        throw new IllegalStateException("the hand-written scope left the MDC dirty");
      }
    }

    /** Brave's MDC scope decorator, by hand: remember, put; on close put back or remove. */
    Scope braveLikeOpen(Baggage next, String[] values) {
      Scope scope = next.makeCurrent();
      for (int i = 0; i < Payload.KEYS.length; i++) {
        previous[i] = MDC.get(Payload.KEYS[i]);
        MDC.put(Payload.KEYS[i], values[i]);
      }
      return () -> {
        for (int i = 0; i < Payload.KEYS.length; i++) {
          String old = previous[i];
          if (old == null) {
            MDC.remove(Payload.KEYS[i]);
          } else {
            MDC.put(Payload.KEYS[i], old);
          }
        }
        scope.close();
      };
    }
  }

  /** No context current; the default projections. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Clean extends Contexts {
    @Setup(Level.Trial)
    public void setUp() {
      checkProjection(true);
    }
  }

  /** No context current; no projections at all. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class CleanNoProjection extends Contexts {
    @Setup(Level.Trial)
    public void setUp() {
      ContextKit.setProjections(List.of());
      checkProjection(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ContextKit.setProjections(ContextKit.defaultProjections());
    }
  }

  /** Inside the six-field context, in both systems (ContextKit scope and MDC, baggage scope). */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class InRequest extends Contexts {
    @Nullable ContextScope oursScope;
    @Nullable Scope otelScope;

    @Setup(Level.Iteration)
    public void enter() {
      checkProjection(true);
      oursScope = ours.makeCurrent();
      otelScope = baggage.makeCurrent();
    }

    @TearDown(Level.Iteration)
    public void exit() {
      if (otelScope != null) {
        otelScope.close();
      }
      if (oursScope != null) {
        oursScope.close();
      }
    }
  }

  @Benchmark
  public ContextScope enter_ours(Clean s) {
    ContextScope scope = s.ours.makeCurrent();
    scope.close();
    return scope;
  }

  @Benchmark
  public ContextScope enter_oursNoProjection(CleanNoProjection s) {
    ContextScope scope = s.ours.makeCurrent();
    scope.close();
    return scope;
  }

  @Benchmark
  public Scope enter_otelPlain(Clean s) {
    Scope scope = s.baggage.makeCurrent();
    scope.close();
    return scope;
  }

  @Benchmark
  public Scope enter_braveLike(Clean s) {
    Scope scope = s.braveLikeOpen(s.baggage, Payload.VALUES);
    scope.close();
    return scope;
  }

  @Benchmark
  public ContextScope nested_ours(InRequest s) {
    ContextScope scope = s.oursNested.makeCurrent();
    scope.close();
    return scope;
  }

  @Benchmark
  public Scope nested_otelPlain(InRequest s) {
    Scope scope = s.baggageNested.makeCurrent();
    scope.close();
    return scope;
  }

  @Benchmark
  public Scope nested_braveLike(InRequest s) {
    Scope scope = s.braveLikeOpen(s.baggageNested, s.nestedValues);
    scope.close();
    return scope;
  }
}
