package io.contextkit.noop.internal;

/**
 * What the JDBC guard saw of the TRACE rollbacks on the current thread, so that a transaction layer
 * can tell whether the transaction it just rolled back wrote anything: it takes a {@link #mark()}
 * right before its rollback and asks {@link #since(Mark)} right after. Only rollbacks under a TRACE
 * context, on guarded connections, are counted; the counts are per thread, so concurrent requests
 * never see each other's.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TraceRollbacks {

  /** What the guard saw between a mark and now. */
  public enum Seen {
    /** No guarded connection was rolled back: the guard cannot tell anything. */
    NOTHING,
    /** Guarded connections were rolled back, and none had run a non-read statement. */
    READS_ONLY,
    /** At least one guarded connection that was rolled back had run a non-read statement. */
    WRITES
  }

  /**
   * A position in the current thread's counts.
   *
   * @param rollbacks guarded TRACE rollbacks so far
   * @param writing those of them whose transaction had run a non-read statement
   */
  public record Mark(long rollbacks, long writing) {}

  private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[2]);

  private TraceRollbacks() {}

  /** The current position of this thread's counts. */
  public static Mark mark() {
    long[] counts = COUNTS.get();
    return new Mark(counts[0], counts[1]);
  }

  /** What the guard saw on this thread since {@code mark}. */
  public static Seen since(Mark mark) {
    long[] counts = COUNTS.get();
    if (counts[1] > mark.writing()) {
      return Seen.WRITES;
    }
    return counts[0] > mark.rollbacks() ? Seen.READS_ONLY : Seen.NOTHING;
  }

  /** Called by the guard when it rolls back TRACE work on this thread. */
  static void rolledBack(boolean wrote) {
    long[] counts = COUNTS.get();
    counts[0]++;
    if (wrote) {
      counts[1]++;
    }
  }
}
