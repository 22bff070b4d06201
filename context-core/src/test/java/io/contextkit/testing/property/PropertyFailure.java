package io.contextkit.testing.property;

import org.jspecify.annotations.Nullable;

/**
 * A property that did not hold: the message names the property, the try, the seed that replays it,
 * the failing input and the smallest failing input shrinking found. The cause is the failure on
 * that smallest input; the failure on the original input is attached as suppressed when it was a
 * different one.
 */
public final class PropertyFailure extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final transient @Nullable Object input;
  private final transient @Nullable Object shrunk;
  private final int tryNumber;
  private final long seed;

  PropertyFailure(
      String message, Throwable cause, Object input, Object shrunk, int tryNumber, long seed) {
    super(message, cause);
    this.input = input;
    this.shrunk = shrunk;
    this.tryNumber = tryNumber;
    this.seed = seed;
  }

  /** The input of the failing try, as generated. */
  public @Nullable Object input() {
    return input;
  }

  /** The smallest failing input found; the same as {@link #input()} when nothing smaller failed. */
  public @Nullable Object shrunk() {
    return shrunk;
  }

  /**
   * The failing try: 1 and 2 are the all-minimum and all-maximum edge cases; 0 an explicit example.
   */
  public int tryNumber() {
    return tryNumber;
  }

  /** The run seed that, with {@link #tryNumber()}, replays the failing input. */
  public long seed() {
    return seed;
  }
}
