package io.contextkit.quarkus.runtime.internal;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the Quarkus REST entry did with the TRACE requests it saw: served, refused because
 * TRACE is switched off or a channel is not guarded (503), refused as untrusted (403) or as
 * malformed (400). Read by the Dev UI card; one instance per application. Thread-safe; increments
 * never block.
 */
@Singleton
public final class TraceRequestCounters {

  private final LongAdder served = new LongAdder();
  private final LongAdder refusedDisabled = new LongAdder();
  private final LongAdder refusedUntrusted = new LongAdder();
  private final LongAdder refusedMalformed = new LongAdder();
  private final LongAdder refusedUnguarded = new LongAdder();

  void served() {
    served.increment();
  }

  void refusedDisabled() {
    refusedDisabled.increment();
  }

  void refusedUntrusted() {
    refusedUntrusted.increment();
  }

  void refusedMalformed() {
    refusedMalformed.increment();
  }

  void refusedUnguarded() {
    refusedUnguarded.increment();
  }

  /** TRACE requests that ran (their report was published). */
  public long servedCount() {
    return served.sum();
  }

  /** TRACE requests refused with 503 because {@code quarkus.contextkit.trace.enabled=false}. */
  public long refusedDisabledCount() {
    return refusedDisabled.sum();
  }

  /** TRACE asks refused with 403: an untrusted hop without the TRACE permission. */
  public long refusedUntrustedCount() {
    return refusedUntrusted.sum();
  }

  /**
   * TRACE requests refused with 503 because a channel they might use is not guarded (a reactive
   * datasource's pool).
   */
  public long refusedUnguardedCount() {
    return refusedUnguarded.sum();
  }

  /** Requests refused with 400 because their {@code request_type} was malformed. */
  public long refusedMalformedCount() {
    return refusedMalformed.sum();
  }
}
