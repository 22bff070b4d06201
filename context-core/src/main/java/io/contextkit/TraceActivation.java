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
   * The {@code request_type} signal was not exactly one {@code request_type=TRACE} or {@code
   * request_type=STANDARD} list-member: another value ({@code trace}, {@code %54RACE}, empty, with
   * properties), the key in another case or percent-encoded, the key twice, or an entry dropped as
   * invalid or at a baggage cap. Decided before trust, so it wins over {@link #UNTRUSTED}: an HTTP
   * integration answers 400, a message consumer skips the message; it is never run, least of all as
   * STANDARD. The context is a STANDARD context only so that the refusal can be logged with a
   * request id.
   */
  MALFORMED
}
