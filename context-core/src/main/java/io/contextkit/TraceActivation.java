package io.contextkit;

/**
 * What became of an inbound request's ask to run as {@link RequestType#TRACE}. Integrations turn
 * the refusals into responses — a TRACE request is never silently run as STANDARD (DESIGN.md §
 * TRACE requests).
 */
public enum TraceActivation {
  /** The hop did not ask for TRACE (no {@code request_type}, or {@code STANDARD}). */
  NOT_REQUESTED,
  /** A trusted hop asked for TRACE: the context is a TRACE context. */
  ACCEPTED,
  /**
   * An untrusted hop asked for TRACE. The context is STANDARD; the integration answers 403 unless
   * the authenticated caller holds the TRACE permission, in which case it derives a TRACE context.
   */
  UNTRUSTED,
  /**
   * The {@code request_type} value was neither {@code STANDARD} nor {@code TRACE}: the integration
   * answers 400.
   */
  MALFORMED
}
