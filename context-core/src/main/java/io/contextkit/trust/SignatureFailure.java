package io.contextkit.trust;

/**
 * Why a context signature header did not verify. Meant to be counted per value (a metric tag), so
 * operators can tell a key rollout problem ({@link #UNKNOWN_KEY}) from clock trouble ({@link
 * #EXPIRED}) from forgery or a tampered context ({@link #BAD_SIGNATURE}).
 */
public enum SignatureFailure {
  /** Absent, oversized, or not of the exact header syntax (including non-base64url signatures). */
  MALFORMED,
  /** Well-formed, but signed with a key id this service does not accept. */
  UNKNOWN_KEY,
  /**
   * Authentic (the MAC matched), but the expiry plus the allowed clock skew lies in the past. A
   * signature that is both wrong and old is reported as {@link #BAD_SIGNATURE}.
   */
  EXPIRED,
  /**
   * The MAC does not match the claimed fields, key id and expiry: the context was changed, or the
   * header was forged, truncated or replayed onto another trace or request.
   */
  BAD_SIGNATURE
}
