package io.contextkit.dependencies;

import io.contextkit.dependencies.internal.LatencyHistogram;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One edge of the {@link DependencyMap}: this service → a target of some {@link DependencyKind}, in
 * one {@link DependencyDirection}, with its counters and latency histogram.
 *
 * <p>Thread-safe. {@link #record} allocates nothing: a few atomic increments, one histogram bucket
 * and the clock. Edges are never removed; the map holds at most its cap of them.
 */
public final class DependencyEdge {

  private static final AtomicLongFieldUpdater<DependencyEdge> LAST_SEEN =
      AtomicLongFieldUpdater.newUpdater(DependencyEdge.class, "lastSeenMillis");

  private final DependencyKind kind;
  private final DependencyDirection direction;
  private final String name;
  // The lookup key: HTTP edges are found by host and port; the others by name alone (port -1).
  final String keyName;
  final int keyPort;
  final int keyGroup;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong traceCalls = new AtomicLong();
  private final AtomicLong syntheticCalls = new AtomicLong();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final long firstSeenMillis;
  private volatile long lastSeenMillis;
  private final @Nullable DependencyMap overflowOf;

  DependencyEdge(
      DependencyKind kind,
      DependencyDirection direction,
      String name,
      String keyName,
      int keyPort,
      int keyGroup,
      long nowMillis) {
    this.kind = kind;
    this.direction = direction;
    this.name = name;
    this.keyName = keyName;
    this.keyPort = keyPort;
    this.keyGroup = keyGroup;
    this.firstSeenMillis = nowMillis;
    this.lastSeenMillis = nowMillis;
    this.overflowOf = null;
  }

  /** The stand-in handed out when the map is full: recording into it only counts the overflow. */
  DependencyEdge(DependencyMap overflowOf) {
    this.kind = DependencyKind.THIRD_PARTY;
    this.direction = DependencyDirection.CALLED;
    this.name = "(overflow)";
    this.keyName = "";
    this.keyPort = -1;
    this.keyGroup = -1;
    this.firstSeenMillis = 0;
    this.overflowOf = overflowOf;
  }

  /**
   * Records one call, message or transaction over this edge.
   *
   * @param latencyNanos how long it took, or a negative number when unknown (not counted in the
   *     percentiles)
   * @param error whether it failed (exception, HTTP 5xx, failed send)
   * @param trace whether it was made by a TRACE request (counted in calls too)
   */
  public void record(long latencyNanos, boolean error, boolean trace) {
    DependencyMap overflow = overflowOf;
    if (overflow != null) {
      overflow.countOverflow();
      return;
    }
    calls.incrementAndGet();
    if (error) {
      errors.incrementAndGet();
    }
    if (trace) {
      traceCalls.incrementAndGet();
    }
    latency.recordNanos(latencyNanos);
    touch();
  }

  /**
   * Records one call of a TRACE request that ContextKit answered itself, so it never reached the
   * target: an HTTP call to a third party given the synthetic response, a message or mail captured
   * instead of sent, a cache write kept in the request's overlay. It counts in {@link #calls()},
   * {@link #traceCalls()} and {@link #syntheticCalls()}; it adds no latency sample (the time would
   * be ContextKit's, not the target's) and is never an error.
   */
  public void recordSynthetic() {
    DependencyMap overflow = overflowOf;
    if (overflow != null) {
      overflow.countOverflow();
      return;
    }
    calls.incrementAndGet();
    traceCalls.incrementAndGet();
    syntheticCalls.incrementAndGet();
    touch();
  }

  private void touch() {
    long now = System.currentTimeMillis();
    // Monotonic: a late writer with an older time never moves lastSeen back.
    long seen = lastSeenMillis;
    while (now > seen && !LAST_SEEN.compareAndSet(this, seen, now)) {
      seen = lastSeenMillis;
    }
  }

  /**
   * Counts a failure of a call already {@linkplain #record recorded}, learnt of later (an
   * asynchronous send's acknowledgement).
   */
  public void recordError() {
    if (overflowOf == null) {
      errors.incrementAndGet();
    }
  }

  /** Whether this is the overflow stand-in of a full map (recording into it is counted only). */
  public boolean isOverflow() {
    return overflowOf != null;
  }

  /** What the target is. */
  public DependencyKind kind() {
    return kind;
  }

  /** Which way the edge goes. */
  public DependencyDirection direction() {
    return direction;
  }

  /** The target: {@code host[:port]}, a topic, a destination, a data source name. */
  public String name() {
    return name;
  }

  /** Calls recorded, TRACE ones included. */
  public long calls() {
    return calls.get();
  }

  /** Failed calls. */
  public long errors() {
    return errors.get();
  }

  /** Calls made by TRACE requests. */
  public long traceCalls() {
    return traceCalls.get();
  }

  /**
   * TRACE calls ContextKit answered itself without reaching the target ({@link #recordSynthetic}):
   * a subset of {@link #traceCalls()}.
   */
  public long syntheticCalls() {
    return syntheticCalls.get();
  }

  /** The latency at {@code quantile} in microseconds (bucket upper bound), or -1 when unknown. */
  public long latencyMicros(double quantile) {
    return latency.quantileMicros(quantile);
  }

  /** When the edge was first recorded (epoch milliseconds). */
  public long firstSeenMillis() {
    return firstSeenMillis;
  }

  /** When the edge was last recorded (epoch milliseconds). */
  public long lastSeenMillis() {
    return lastSeenMillis;
  }

  boolean matches(int group, String name, int port) {
    return keyGroup == group && keyPort == port && keyName.equals(name);
  }

  @Override
  public String toString() {
    return kind + " " + direction + " " + name + " calls=" + calls + " errors=" + errors;
  }
}
