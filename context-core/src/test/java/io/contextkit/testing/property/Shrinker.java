package io.contextkit.testing.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Looks for a smaller failing input by editing the choices behind a failing one and running the
 * property again on what the generator makes of them: first whole collection elements are removed
 * (fewer list members, shorter strings), then single choices are lowered (lower numbers, earlier
 * alphabet characters, earlier alternatives). An edit is kept only when the property still fails
 * with the same exception type and the choices got smaller (fewer, or equally many and
 * lexicographically lower), so shrinking always ends; a run budget bounds its cost.
 */
final class Shrinker<T> {

  /** What shrinking found: the smallest failing input, its failure and what it cost. */
  record Result<T>(T input, Throwable failure, long[] choices, int steps, int runs) {}

  private final Gen<T> gen;
  private final ForAll.Property<T> property;
  private final int maxRuns;

  private long[] best;
  private List<Choices.Collection> bestCollections;
  private T bestInput;
  private Throwable bestFailure;
  private int steps;
  private int runs;

  Shrinker(
      Gen<T> gen,
      ForAll.Property<T> property,
      int maxRuns,
      Choices failing,
      T input,
      Throwable failure) {
    this.gen = gen;
    this.property = property;
    this.maxRuns = maxRuns;
    this.best = failing.made();
    this.bestCollections = failing.collections();
    this.bestInput = input;
    this.bestFailure = failure;
  }

  Result<T> shrink() {
    boolean improved = true;
    while (improved && runs < maxRuns) {
      improved = removeElements() || lowerChoices();
    }
    return new Result<>(bestInput, bestFailure, best, steps, runs);
  }

  /** Tries removing runs of elements from each collection, halves first, single elements last. */
  private boolean removeElements() {
    for (Choices.Collection collection : new ArrayList<>(bestCollections)) {
      int count = collection.count;
      long removable = count - collection.minLength;
      for (int chunk = (int) Math.min(removable, count); chunk >= 1; chunk /= 2) {
        // Blocks aligned to the end first: a shorter tail is the most common smaller input.
        for (int from = count - chunk; from >= 0; from -= chunk) {
          if (runs >= maxRuns) {
            return false;
          }
          if (attempt(withoutElements(collection, from, chunk))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private long[] withoutElements(Choices.Collection collection, int from, int chunk) {
    int start = collection.starts[from];
    int end = from + chunk < collection.count ? collection.starts[from + chunk] : collection.end;
    long[] candidate = new long[best.length - (end - start)];
    System.arraycopy(best, 0, candidate, 0, start);
    System.arraycopy(best, end, candidate, start, best.length - end);
    candidate[collection.lengthIndex] -= chunk;
    return candidate;
  }

  /**
   * Tries each choice at zero, else searches for the lowest value that still fails (a binary
   * search, so a choice from a wide range costs some twenty runs, not one run per step down).
   */
  private boolean lowerChoices() {
    boolean improved = false;
    for (int i = 0; i < best.length && runs < maxRuns; i++) {
      if (best[i] == 0) {
        continue;
      }
      if (attemptValue(i, 0)) {
        improved = true;
        continue;
      }
      int length = best.length;
      long low = 1;
      long high = best[i];
      while (low < high && runs < maxRuns && best.length == length) {
        long middle = low + (high - low) / 2;
        if (attemptValue(i, middle)) {
          improved = true;
          high = middle;
        } else {
          low = middle + 1;
        }
      }
    }
    return improved;
  }

  private boolean attemptValue(int index, long value) {
    long[] candidate = best.clone();
    candidate[index] = value;
    return attempt(candidate);
  }

  private boolean attempt(long[] candidate) {
    runs++;
    Choices choices = Choices.replay(candidate);
    T input;
    try {
      input = gen.generate(choices);
    } catch (Choices.Rejected rejected) {
      return false;
    }
    long[] made = choices.made();
    if (!smaller(made, best)) {
      return false;
    }
    try {
      property.check(input);
      return false;
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable failure) {
      if (failure.getClass() != bestFailure.getClass()) {
        return false; // a different failure is a different bug; stay with the first one
      }
      best = made;
      bestCollections = choices.collections();
      // Regenerated, because the property may have changed the input it was handed.
      bestInput = gen.generate(Choices.replay(made));
      bestFailure = failure;
      steps++;
      return true;
    }
  }

  /** Shortlex order: fewer choices, or as many and lexicographically lower. */
  static boolean smaller(long[] a, long[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    return Arrays.compare(a, b) < 0;
  }
}
