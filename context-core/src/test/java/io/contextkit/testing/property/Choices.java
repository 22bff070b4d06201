package io.contextkit.testing.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The choices behind one generated input. Generators ask it for numbers and nothing else, so an
 * input is fully described by the sequence of choices made while generating it: drawn from a seeded
 * random source on a normal try, pinned to the lowest or highest value for the edge-case tries, and
 * replayed from an edited sequence while shrinking (which is why shrinking needs no support from
 * {@link Gen#map} or {@link Gen#filter}: an edited sequence goes through the same generator, so a
 * smaller input is always one the generator could have produced).
 *
 * <p>Every choice is recorded as a value in {@code [0, bound)}; a smaller value means a simpler
 * input (the lower end of a range, the first alternative, the first character of an alphabet, a
 * shorter collection). Not thread-safe: one instance per try.
 */
public final class Choices {

  /** Thrown when a generator cannot produce a value from these choices (a filter kept failing). */
  public static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  enum Mode {
    RANDOM,
    REPLAY,
    MINIMUM,
    MAXIMUM
  }

  /**
   * A collection in the choice sequence: where its length was chosen and where each element starts.
   */
  static final class Collection {
    final int lengthIndex;
    final long minLength;
    int[] starts = new int[8];
    int count;
    int end;

    Collection(int lengthIndex, long minLength) {
      this.lengthIndex = lengthIndex;
      this.minLength = minLength;
    }
  }

  /** Draws beyond this many mean a runaway generator; the try is rejected instead of hanging. */
  static final int MAX_CHOICES = 10_000_000;

  /** One in this many ranged draws of a random try lands on an end of its range. */
  private static final int EDGE_ONE_IN = 32;

  private final Mode mode;
  private final SplittableRandom random;
  private final long[] prefix;
  private long[] made = new long[64];
  private int size;
  private final List<Collection> collections = new ArrayList<>();

  private Choices(Mode mode, long seed, long[] prefix) {
    this.mode = mode;
    this.random = new SplittableRandom(seed);
    this.prefix = prefix;
  }

  /** Choices drawn at random from {@code seed}: the same seed always gives the same input. */
  public static Choices random(long seed) {
    return new Choices(Mode.RANDOM, seed, new long[0]);
  }

  /** Replays {@code choices}; a choice out of range is clamped, missing ones are the lowest. */
  public static Choices replay(long[] choices) {
    return new Choices(Mode.REPLAY, 0, choices.clone());
  }

  /** Every choice the lowest: empty collections, lower ends of ranges, first alternatives. */
  public static Choices minimum() {
    return new Choices(Mode.MINIMUM, 0, new long[0]);
  }

  /** Every choice the highest: longest collections, upper ends of ranges, last alternatives. */
  public static Choices maximum() {
    return new Choices(Mode.MAXIMUM, 0, new long[0]);
  }

  /** A choice in {@code [0, bound)}, uniform on a random try. */
  public long choose(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long value =
        switch (mode) {
          case RANDOM -> random.nextLong(bound);
          case REPLAY -> size < prefix.length ? Math.min(prefix[size], bound - 1) : 0;
          case MINIMUM -> 0;
          case MAXIMUM -> bound - 1;
        };
    record(value);
    return value;
  }

  /**
   * A number in {@code [min, max]}; on a random try one draw in {@value #EDGE_ONE_IN} is one of the
   * two ends, so boundaries come up in every run rather than by luck.
   */
  public long between(long min, long max) {
    if (max < min || max - min < 0 || max - min == Long.MAX_VALUE) {
      throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
    }
    long span = max - min;
    if (mode != Mode.RANDOM) {
      return min + choose(span + 1);
    }
    int edge = random.nextInt(EDGE_ONE_IN);
    long value = edge == 0 ? 0 : edge == 1 ? span : random.nextLong(span + 1);
    record(value);
    return min + value;
  }

  /** Whether every try from these choices gives the same value (so retrying a filter is futile). */
  boolean deterministic() {
    return mode == Mode.MINIMUM
        || mode == Mode.MAXIMUM
        || mode == Mode.REPLAY && size >= prefix.length;
  }

  /** The number of choices made so far. */
  int size() {
    return size;
  }

  /** The choices made so far. */
  long[] made() {
    return Arrays.copyOf(made, size);
  }

  List<Collection> collections() {
    return collections;
  }

  Collection openCollection(int lengthIndex, long minLength) {
    Collection collection = new Collection(lengthIndex, minLength);
    collections.add(collection);
    return collection;
  }

  void startElement(Collection collection) {
    if (collection.count == collection.starts.length) {
      collection.starts = Arrays.copyOf(collection.starts, collection.count * 2);
    }
    collection.starts[collection.count++] = size;
  }

  void closeCollection(Collection collection) {
    collection.end = size;
  }

  private void record(long value) {
    if (size == MAX_CHOICES) {
      throw new Rejected("more than " + MAX_CHOICES + " choices for one input");
    }
    if (size == made.length) {
      made = Arrays.copyOf(made, size * 2);
    }
    made[size++] = value;
  }
}
