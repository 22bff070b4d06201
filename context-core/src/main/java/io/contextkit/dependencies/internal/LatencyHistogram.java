package io.contextkit.dependencies.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, lock-free latency histogram in microseconds with log-linear buckets: exact below 16
 * µs, then 8 buckets per power of two (at most 12.5 % wide) up to 2^36 µs (about 19 hours); longer
 * values land in the last bucket. Recording is one atomic increment and never allocates.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class LatencyHistogram {

  private static final int SUB_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int LINEAR = 2 * SUB_BUCKETS;
  private static final int MIN_EXPONENT = SUB_BITS + 1;
  private static final int MAX_EXPONENT = 36;

  /** The number of buckets. */
  public static final int BUCKETS = LINEAR + (MAX_EXPONENT - MIN_EXPONENT + 1) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Records one latency; negative values are ignored (unknown latency). */
  public void recordNanos(long nanos) {
    if (nanos < 0) {
      return;
    }
    counts.incrementAndGet(bucket(nanos / 1000));
  }

  static int bucket(long micros) {
    if (micros < LINEAR) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return LINEAR + (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub;
  }

  /** The largest value (µs) a bucket holds. */
  static long upperBound(int bucket) {
    if (bucket < LINEAR) {
      return bucket;
    }
    int exponent = MIN_EXPONENT + (bucket - LINEAR) / SUB_BUCKETS;
    int sub = (bucket - LINEAR) % SUB_BUCKETS;
    long width = 1L << (exponent - SUB_BITS);
    return (1L << exponent) + (sub + 1) * width - 1;
  }

  /** The number of recorded values. */
  public long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /**
   * The upper bound (µs) of the bucket holding the {@code quantile} of the recorded values, or -1
   * when nothing was recorded. Reads race with recording; the answer is a consistent bucket bound,
   * not an exact snapshot.
   *
   * @param quantile between 0 and 1, e.g. 0.99
   */
  public long quantileMicros(double quantile) {
    long[] copy = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
      total += copy[i];
    }
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(quantile * total);
    if (rank < 1) {
      rank = 1;
    }
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += copy[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }
}
