package io.contextkit.w3c;

/**
 * Hard caps applied when parsing and formatting {@code baggage}.
 *
 * <p>The W3C Baggage specification sets <em>minimums</em>, not maximums: a platform must propagate
 * at least {@value #W3C_MIN_MEMBERS} list-members and at least {@value #W3C_MIN_BYTES} bytes.
 * {@link #DEFAULTS} sits exactly on those minimums. Lower values are accepted (tests, constrained
 * transports) but then {@link #meetsW3cMinimums()} is false and the deployment is not conformant;
 * document it where you configure it.
 *
 * @param maxMembers maximum number of list-members inspected and propagated, at least 1; on inbound
 *     headers invalid members count too, so a header padded with junk members cannot make the
 *     parser decode or keep more than this many members: the cap bounds the work whatever the input
 *     (beyond it, only the key that {@link Baggage} watches is looked for)
 * @param maxBytes maximum size of the header in bytes (inbound: of the raw combined header;
 *     outbound: of the formatted value), at least 1
 * @param maxValueBytes maximum size of one value as percent-encoded on the wire, at least 1; a
 *     member over it is dropped whole
 */
public record BaggageLimits(int maxMembers, int maxBytes, int maxValueBytes) {

  /** The W3C minimum number of list-members a platform must propagate. */
  public static final int W3C_MIN_MEMBERS = 64;

  /** The W3C minimum number of bytes a platform must propagate. */
  public static final int W3C_MIN_BYTES = 8192;

  /** 64 members, 8192 bytes, no per-value cap below the total. */
  public static final BaggageLimits DEFAULTS =
      new BaggageLimits(W3C_MIN_MEMBERS, W3C_MIN_BYTES, W3C_MIN_BYTES);

  /**
   * Validates the caps.
   *
   * @throws IllegalArgumentException naming the cap that is below 1
   */
  public BaggageLimits {
    if (maxMembers < 1) {
      throw new IllegalArgumentException("maxMembers must be >= 1: " + maxMembers);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1: " + maxBytes);
    }
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be >= 1: " + maxValueBytes);
    }
  }

  /** Whether these caps propagate at least what the W3C Baggage specification requires. */
  public boolean meetsW3cMinimums() {
    return maxMembers >= W3C_MIN_MEMBERS && maxBytes >= W3C_MIN_BYTES;
  }
}
