package io.contextkit;

/**
 * Why ContextKit answered a request itself instead of running it — a TRACE request is refused,
 * never run as a real one (DESIGN.md § TRACE requests). Each reason has its HTTP status, a stable
 * name (the {@code reason=} of the refusal log line) and the {@linkplain ContextCounters counter}
 * that counts it, the same on every stack.
 *
 * <p>Integrations answer every refusal through one place of their own, which writes a short fixed
 * body, the request id header and one WARN line on the logger {@code io.contextkit.refusal}.
 */
public enum Refusal {
  /** The {@code request_type} value is malformed: 400. */
  MALFORMED_REQUEST_TYPE(
      400, "malformed-request-type", ContextCounters.Counter.TRACE_REFUSED_MALFORMED),
  /** An untrusted hop asked for TRACE without the TRACE permission: 403. */
  UNTRUSTED_TRACE(403, "untrusted-trace", ContextCounters.Counter.TRACE_REFUSED_UNTRUSTED),
  /** TRACE is switched off ({@code trace.enabled=false}): 503. */
  TRACE_DISABLED(503, "trace-disabled", ContextCounters.Counter.TRACE_REFUSED_DISABLED),
  /** An effect channel is neither guarded nor declared safe for TRACE: 503. */
  UNGUARDED_CHANNELS(503, "unguarded-channels", ContextCounters.Counter.TRACE_REFUSED_UNGUARDED);

  private final int status;
  private final String reason;
  private final ContextCounters.Counter counter;

  Refusal(int status, String reason, ContextCounters.Counter counter) {
    this.status = status;
    this.reason = reason;
    this.counter = counter;
  }

  /** The HTTP status of the refusal. */
  public int status() {
    return status;
  }

  /** The stable, lowercase name of the reason, e.g. {@code untrusted-trace}. */
  public String reason() {
    return reason;
  }

  /** The counter that counts this refusal. */
  public ContextCounters.Counter counter() {
    return counter;
  }
}
