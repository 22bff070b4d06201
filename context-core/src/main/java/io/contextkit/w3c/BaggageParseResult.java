package io.contextkit.w3c;

import java.util.Objects;

/**
 * The outcome of parsing inbound {@code baggage}: the entries kept and what was left out, so that
 * callers can count drops (the design requires malformed input to be dropped <em>and counted</em>),
 * and, when a key was watched ({@link Baggage#parse(java.util.Iterator, BaggageLimits, String)}),
 * every form in which that key was received.
 *
 * @param baggage the valid entries kept, in order
 * @param invalidEntries list-members dropped because they break the grammar (bad key, bad percent
 *     encoding, invalid UTF-8, control characters, bad property)
 * @param droppedEntries valid or unexamined list-members dropped because of a cap: over {@link
 *     BaggageLimits#maxMembers()}, over {@link BaggageLimits#maxValueBytes()}, or straddling {@link
 *     BaggageLimits#maxBytes()}
 * @param truncated whether any cap was hit; when the byte cap was hit the rest of the input was not
 *     parsed, so {@code droppedEntries} is then a lower bound
 * @param watchedEntries list-members of the watched key in the plain form: kept, the key exactly as
 *     watched, the value not percent-encoded, no properties; a repeated key counts each time
 *     (counting stops at 127), although only the last value is kept
 * @param watchedIrregular whether a list-member carried the watched key in any other form (another
 *     ASCII case, an encoded key or value, properties) or was dropped (invalid, over a cap, beyond
 *     the byte cap)
 */
public record BaggageParseResult(
    Baggage baggage,
    int invalidEntries,
    int droppedEntries,
    boolean truncated,
    int watchedEntries,
    boolean watchedIrregular) {

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException naming the count that is negative
   */
  public BaggageParseResult {
    Objects.requireNonNull(baggage, "baggage");
    // One branch, the message built elsewhere: this constructor is inlined on every request.
    if ((invalidEntries | droppedEntries | watchedEntries) < 0) {
      throw negative(invalidEntries, droppedEntries, watchedEntries);
    }
  }

  private static IllegalArgumentException negative(int invalid, int dropped, int watched) {
    String name =
        invalid < 0 ? "invalidEntries" : dropped < 0 ? "droppedEntries" : "watchedEntries";
    int value = invalid < 0 ? invalid : dropped < 0 ? dropped : watched;
    return new IllegalArgumentException(name + " must be >= 0: " + value);
  }

  /** A result without a watched key. */
  public BaggageParseResult(
      Baggage baggage, int invalidEntries, int droppedEntries, boolean truncated) {
    this(baggage, invalidEntries, droppedEntries, truncated, 0, false);
  }

  /** Whether everything received was kept. */
  public boolean complete() {
    return invalidEntries == 0 && droppedEntries == 0 && !truncated;
  }

  /**
   * Whether the watched key was received at most once, and then in the plain form: what {@link
   * Baggage#get(String)} returns for it is then everything the sender said about it.
   */
  public boolean watchedKeyUnambiguous() {
    return !watchedIrregular && watchedEntries <= 1;
  }
}
