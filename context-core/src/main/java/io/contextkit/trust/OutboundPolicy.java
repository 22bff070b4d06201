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
   * Only {@code traceparent}, so a third party can correlate its logs with ours; no {@code
   * tracestate}, no baggage, no request id, no signature. The default for third parties.
   */
  TRACEPARENT_ONLY,
  /** No context header at all. */
  NONE;

  /** Whether {@code traceparent} is sent. */
  public boolean sendsTraceparent() {
    return this != NONE;
  }

  /** Whether the context fields, {@code tracestate}, request id and signature are sent. */
  public boolean sendsContext() {
    return this == FULL;
  }
}
