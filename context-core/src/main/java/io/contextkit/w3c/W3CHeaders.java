package io.contextkit.w3c;

/**
 * Header names used by the codec, in the lowercase form the specifications recommend for sending.
 * Receivers must match them case-insensitively (see {@link HeaderGetter}).
 */
public final class W3CHeaders {

  /** W3C Trace Context {@code traceparent}. */
  public static final String TRACEPARENT = "traceparent";

  /** W3C Trace Context {@code tracestate}. */
  public static final String TRACESTATE = "tracestate";

  /** W3C {@code baggage}. */
  public static final String BAGGAGE = "baggage";

  /** The de-facto request id header used by Envoy, Istio and nginx. */
  public static final String REQUEST_ID = "x-request-id";

  private W3CHeaders() {}
}
