package io.contextkit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what ContextKit dropped, rejected or repaired, so that bad input and misuse are visible
 * without ever breaking a request, and of what became of the TRACE requests it saw (served, refused
 * by reason, failed). Read them through {@link ContextKit#counters()}; the Spring and Quarkus
 * integrations publish them under the same names, as metrics and on their management endpoints.
 * Thread-safe; increments never block.
 */
public final class ContextCounters {

  /** What is counted. Names (see {@link #metricName()}) are stable. */
  public enum Counter {
    /**
     * A request entry found a context (or our MDC keys) still bound to the thread and dropped it.
     */
    BARRIER_LEAKS("barrier.leaks"),
    /** A scope was closed while scopes opened after it were still open; they were closed first. */
    SCOPE_OUT_OF_ORDER("scope.out-of-order"),
    /** A scope was closed on a thread other than the one that opened it; ignored there. */
    SCOPE_WRONG_THREAD("scope.wrong-thread"),
    /**
     * A scope closed while a foreign (non-ContextKit) OpenTelemetry scope inside it was still open.
     */
    SCOPE_FOREIGN_LEFT_OPEN("scope.foreign-left-open"),
    /** An inbound {@code traceparent} was invalid; the trace was restarted. */
    TRACEPARENT_INVALID("traceparent.invalid"),
    /** An inbound {@code tracestate} was invalid or orphaned and was dropped. */
    TRACESTATE_DROPPED("tracestate.dropped"),
    /**
     * Inbound {@code tracestate} members dropped because an earlier member had the same key; the
     * rest of the tracestate was kept.
     */
    TRACESTATE_DUPLICATES_DROPPED("tracestate.duplicates-dropped"),
    /** Inbound baggage entries that were malformed. */
    BAGGAGE_INVALID_ENTRIES("baggage.invalid-entries"),
    /** Inbound or outbound baggage entries dropped because a limit was reached. */
    BAGGAGE_DROPPED_ENTRIES("baggage.dropped-entries"),
    /** An inbound context field had an invalid value and was dropped. */
    FIELD_INVALID("field.invalid"),
    /** An inbound request id was invalid; a new one was generated. */
    REQUEST_ID_INVALID("request-id.invalid"),
    /**
     * An inbound request or message named {@code request_type} ambiguously or with an invalid value
     * ({@link TraceActivation#MALFORMED}): refused, never run as STANDARD.
     */
    REQUEST_TYPE_MALFORMED("request-type.malformed"),
    /** Privileged fields offered by an untrusted hop and dropped. */
    UNTRUSTED_FIELDS_DROPPED("trust.untrusted-fields-dropped"),
    /** A context signature was presented and failed verification. */
    SIGNATURE_INVALID("trust.signature-invalid"),
    /** TRACE requests that ran: accepted, not refused, handed to the application. */
    TRACE_SERVED("trace.served"),
    /**
     * TRACE requests that ran and ended in an error because their report shows a violation (a
     * backstop fired, an internal callee did not acknowledge) or {@code committed=unknown} (a
     * rollback failed): never a success.
     */
    TRACE_FAILED("trace.failed"),
    /** Requests refused with 400 because their {@code request_type} was malformed. */
    TRACE_REFUSED_MALFORMED("trace.refused-malformed"),
    /** TRACE asks refused with 403: an untrusted hop without the TRACE permission. */
    TRACE_REFUSED_UNTRUSTED("trace.refused-untrusted"),
    /** TRACE requests refused with 503 because TRACE is switched off ({@code trace.enabled}). */
    TRACE_REFUSED_DISABLED("trace.refused-disabled"),
    /**
     * TRACE requests refused with 503 because an effect channel is neither guarded nor declared
     * safe ({@code trace.unguarded-channels=refuse}).
     */
    TRACE_REFUSED_UNGUARDED("trace.refused-unguarded"),
    /**
     * A TRACE request served while an effect channel is neither guarded nor declared safe ({@code
     * trace.unguarded-channels=warn}): it may have changed the world through that channel.
     */
    TRACE_SERVED_UNGUARDED("trace.served-unguarded");

    private final String metricName;

    Counter(String metricName) {
      this.metricName = metricName;
    }

    /** The counter's stable name, e.g. {@code baggage.dropped-entries}. */
    public String metricName() {
      return metricName;
    }
  }

  private final LongAdder[] adders = new LongAdder[Counter.values().length];

  ContextCounters() {
    for (int i = 0; i < adders.length; i++) {
      adders[i] = new LongAdder();
    }
  }

  /** Adds one to {@code counter}. */
  public void increment(Counter counter) {
    adders[counter.ordinal()].increment();
  }

  /** Adds {@code n} (when positive) to {@code counter}. */
  public void add(Counter counter, long n) {
    if (n > 0) {
      adders[counter.ordinal()].add(n);
    }
  }

  /** The current value of {@code counter}. */
  public long get(Counter counter) {
    return adders[counter.ordinal()].sum();
  }

  /** A snapshot of every counter. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> map = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      map.put(c, get(c));
    }
    return map;
  }
}
