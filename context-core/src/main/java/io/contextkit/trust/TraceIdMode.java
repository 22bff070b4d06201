package io.contextkit.trust;

/**
 * How an inbound {@code traceparent} from an <em>untrusted</em> hop is used (see {@link
 * TrustPolicy#untrustedTraceIdMode()}). A hop the policy trusts ({@link InboundTrust#accepted()})
 * is always continued as-is, sampled flag included. In both modes below the untrusted sampled flag
 * is not honoured: the local sampler decides, because a caller who can set {@code sampled=01}
 * forces export cost and one who sets {@code 00} evades tracing.
 *
 * <p>An invalid {@code traceparent} is never continued, in either mode: the W3C rules apply and a
 * new trace starts.
 */
public enum TraceIdMode {
  /**
   * Keep the caller's trace id and take its parent id as the remote parent of the local span, so
   * the caller's and our spans form one trace; only the sampled flag is ignored. {@code tracestate}
   * is kept. Suits callers that are untrusted for identity but honest about tracing (e.g. a partner
   * that shares trace ids for support).
   */
  CONTINUE,
  /**
   * Start a new trace with a freshly generated trace id; the caller's {@code traceparent} (if
   * valid) is kept only as a span link on the local root span, so the two traces can still be
   * correlated without letting a caller choose our trace ids. {@code tracestate} is dropped. The
   * secure default.
   */
  RESTART
}
