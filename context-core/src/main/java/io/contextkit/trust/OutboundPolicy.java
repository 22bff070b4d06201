package io.contextkit.trust;

/**
 * What an outbound call carries, decided per destination by {@link TrustPolicy#outboundPolicy}.
 * Propagators and client interceptors write headers according to it.
 */
public enum OutboundPolicy {
  /**
   * Everything: {@code traceparent}, {@code tracestate}, the context baggage ({@code user_id},
   * {@code account_id}, {@code request_type}, {@code tester}, {@code license}), the request id and
   * the context signature. Only for destinations inside the trust boundary.
   */
  FULL,
  /**
   * The W3C Trace Context headers, {@code traceparent} and {@code tracestate}, as Trace Context
   * asks of every participant (the {@code tracestate} travels with the {@code traceparent}); no
   * baggage, no request id, no signature. The default for third parties.
   */
  TRACE_CONTEXT,
  /**
   * Only {@code traceparent}, so a third party can correlate its logs with ours; no {@code
   * tracestate}, no baggage, no request id, no signature.
   */
  TRACEPARENT_ONLY,
  /** No context header at all. */
  NONE;

  /** Whether {@code traceparent} is sent. */
  public boolean sendsTraceparent() {
    return this != NONE;
  }

  /** Whether {@code tracestate} is sent (with the {@code traceparent}, when there is one). */
  public boolean sendsTracestate() {
    return this == FULL || this == TRACE_CONTEXT;
  }

  /** Whether the context fields (baggage), the request id and the signature are sent. */
  public boolean sendsContext() {
    return this == FULL;
  }
}
