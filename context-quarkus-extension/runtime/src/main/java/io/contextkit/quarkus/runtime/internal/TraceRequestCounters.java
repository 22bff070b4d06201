package io.contextkit.quarkus.runtime.internal;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the Quarkus REST entry did with the TRACE requests it saw: served, refused because
 * TRACE is switched off (503), refused as untrusted (403) or as malformed (400). Refusals because
 * an effect channel is unguarded are counted by the TRACE policy itself, as {@code
 * trace.refused-unguarded} among {@code ContextKit.counters()}, the same counter as on Spring. Read
 * by the Dev UI card; one instance per application. Thread-safe; increments never block.
 */
@Singleton
public final class TraceRequestCounters {

  private final LongAdder served = new LongAdder();
  private final LongAdder refusedDisabled = new LongAdder();
  private final LongAdder refusedUntrusted = new LongAdder();
  private final LongAdder refusedMalformed = new LongAdder();

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

  /** Requests refused with 400 because their {@code request_type} was malformed. */
  public long refusedMalformedCount() {
    return refusedMalformed.sum();
  }
}
