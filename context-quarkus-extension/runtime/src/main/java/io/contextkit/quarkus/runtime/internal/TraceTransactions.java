package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import io.contextkit.noop.internal.TraceRollbacks;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The TRACE end of a JTA transaction, shared by the {@code @Transactional} interceptor and the
 * guarded {@code UserTransaction}: flush what the ORM holds (so SQL runs and constraints surface),
 * then roll back instead of committing, and report it.
 */
@Singleton
public final class TraceTransactions {

  /** The target of the transaction effects reported. */
  static final String TARGET = "jta";

  private final Instance<TraceFlusher> flushers;

  @Inject
  TraceTransactions(Instance<TraceFlusher> flushers) {
    this.flushers = flushers;
  }

  /** Flushes every joined persistence context; a failure propagates as it would at commit. */
  public void flush() {
    for (TraceFlusher flusher : flushers) {
      flusher.flushTransaction();
    }
  }

  /** Reports one transaction outcome of a TRACE request. */
  static void record(RequestContext context, String what) {
    context.sideEffects().record(new SideEffect(SideEffect.Kind.TRANSACTION, TARGET, what));
  }

  /**
   * Reports a transaction rolled back instead of committed, given what the JDBC guard saw of its
   * rollback: a {@code READ_ONLY_TRANSACTION} when its guarded connections ran no write statement,
   * else (it wrote, or no guarded connection took part: the guard cannot tell) a {@code
   * TRANSACTION}.
   */
  static void recordRollback(RequestContext context, TraceRollbacks.Seen seen) {
    if (seen == TraceRollbacks.Seen.READS_ONLY) {
      context
          .sideEffects()
          .record(
              new SideEffect(
                  SideEffect.Kind.READ_ONLY_TRANSACTION,
                  TARGET,
                  "no write statement, rolled back"));
    } else {
      record(context, "flushed, rolled back instead of commit");
    }
  }

  /** Reports a rollback that failed: the request's outcome becomes {@code committed: unknown}. */
  static void rollbackFailed(RequestContext context, Throwable failure) {
    context.sideEffects().record(TraceReport.rollbackFailed(TARGET, String.valueOf(failure)));
  }
}
