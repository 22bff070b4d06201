package io.contextkit.w3c;

import java.util.Objects;

/**
 * The outcome of parsing inbound {@code baggage}: the entries kept and what was left out, so that
 * callers can count drops (the design requires malformed input to be dropped <em>and counted</em>).
 *
 * @param baggage the valid entries kept, in order
 * @param invalidEntries list-members dropped because they break the grammar (bad key, bad percent
 *     encoding, invalid UTF-8, control characters, bad property)
 * @param droppedEntries valid or unexamined list-members dropped because of a cap: over {@link
 *     BaggageLimits#maxMembers()}, over {@link BaggageLimits#maxValueBytes()}, or straddling {@link
 *     BaggageLimits#maxBytes()}
 * @param truncated whether any cap was hit; when the byte cap was hit the rest of the input was not
 *     inspected, so {@code droppedEntries} is then a lower bound
 */
public record BaggageParseResult(
    Baggage baggage, int invalidEntries, int droppedEntries, boolean truncated) {

  /** Validates the counts. */
  public BaggageParseResult {
    Objects.requireNonNull(baggage, "baggage");
    if (invalidEntries < 0) {
      throw new IllegalArgumentException("invalidEntries must be >= 0: " + invalidEntries);
    }
    if (droppedEntries < 0) {
      throw new IllegalArgumentException("droppedEntries must be >= 0: " + droppedEntries);
    }
  }

  /** Whether everything received was kept. */
  public boolean complete() {
    return invalidEntries == 0 && droppedEntries == 0 && !truncated;
  }
}
