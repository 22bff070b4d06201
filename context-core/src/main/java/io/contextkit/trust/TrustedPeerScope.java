package io.contextkit.trust;

/**
 * What a {@linkplain TrustedPeers trusted peer} is trusted with when its context is not signed.
 *
 * <p>{@link #TRACE_AND_REQUEST_ID} is for addresses that may start dry runs but are not a hop that
 * vouches for a user: a tester's workstation network, a QA job runner. Such a peer may ask for
 * TRACE and name the request id; its {@code user_id}, {@code account_id}, {@code tester} and {@code
 * license} are dropped (and counted) as from any untrusted caller, its {@code traceparent} follows
 * the untrusted trace-id mode, and the authenticated principal, when there is one, fills the
 * identity. A valid signature from such a peer is still accepted in full.
 */
public enum TrustedPeerScope {
  /** Every privileged field the peer claims is accepted (the default). */
  ALL_FIELDS,
  /** Only the request type (TRACE) and the request id are accepted. */
  TRACE_AND_REQUEST_ID
}
