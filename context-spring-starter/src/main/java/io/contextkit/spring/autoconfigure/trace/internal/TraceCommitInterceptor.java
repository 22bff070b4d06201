package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import io.contextkit.noop.internal.TraceRollbacks;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * Turns {@code commit} of a transaction manager into "flush, then roll back" when the current
 * context is TRACE and the status owns the completion (a new transaction: outermost, {@code
 * REQUIRES_NEW}, programmatic; or a new synchronization scope without a transaction).
 *
 * <p>Participating transactions and {@code NESTED} savepoints are committed by the delegate as
 * usual: the transaction that owns them rolls back, and a participant that marked rollback-only
 * produces exactly the {@code UnexpectedRollbackException} a STANDARD request would. A status
 * already marked rollback-only is also left to the delegate, whose path is a rollback with the same
 * exceptions as for real.
 *
 * <p>Under TRACE: {@code BEFORE_COMMIT} synchronizations run (as they would), pending ORM changes
 * are flushed (so SQL runs and constraints surface) unless the transaction is read-only (whose real
 * commit does not flush either), then the delegate's {@code rollback} runs, so {@code AFTER_COMMIT}
 * listeners do not fire and {@code AFTER_ROLLBACK} listeners do. A flush failure rolls back and
 * propagates, as a failed commit would. A rollback that fails is reported with {@link
 * TraceReport#rollbackFailed} (the request's outcome becomes {@code committed: unknown}) and
 * propagates. A transaction that wrote nothing is reported apart, as a {@code
 * READ_ONLY_TRANSACTION}.
 *
 * <p>This class is internal and is hence not for public use.
 */
final class TraceCommitInterceptor implements MethodInterceptor {

  private final String name;

  TraceCommitInterceptor(String name) {
    this.name = name;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Method method = invocation.getMethod();
    if (!method.getName().equals("commit")
        || method.getParameterCount() != 1
        || !(invocation.getArguments()[0] instanceof TransactionStatus status)) {
      return invocation.proceed();
    }
    RequestContext context = RequestContext.current();
    if (!context.isTrace() || status.isCompleted() || !ownsCompletion(status)) {
      return invocation.proceed();
    }
    PlatformTransactionManager delegate = (PlatformTransactionManager) invocation.getThis();
    if (delegate == null) {
      return invocation.proceed();
    }
    if (status.isRollbackOnly()) {
      record(context, "rolled back (marked rollback-only)", status);
      return invocation.proceed();
    }
    boolean readOnly = status.isReadOnly();
    try {
      if (newSynchronization(status)
          && TransactionSynchronizationManager.isSynchronizationActive()) {
        TransactionSynchronizationUtils.triggerBeforeCommit(readOnly);
      }
      if (!readOnly) {
        // A read-only commit does not flush for real either (Spring sets the ORM's flush mode to
        // manual): flushing here could run SQL, and fail, where the real request does not.
        status.flush();
      }
    } catch (RuntimeException | Error e) {
      rollbackAfterFailure(context, delegate, status, e);
      throw e;
    }
    TraceRollbacks.Mark mark = TraceRollbacks.mark();
    try {
      delegate.rollback(status);
    } catch (RuntimeException | Error e) {
      context.sideEffects().record(TraceReport.rollbackFailed(name, String.valueOf(e)));
      throw e;
    }
    recordRollback(context, status, readOnly, TraceRollbacks.since(mark));
    return null;
  }

  /**
   * Reports the transaction just rolled back instead of committed: as a {@code TRANSACTION} when it
   * wrote or may have written, as a {@code READ_ONLY_TRANSACTION} when it wrote nothing — declared
   * read-only with no write seen by the JDBC guard, or a read-write transaction whose guarded
   * connections ran no write statement. Without a guarded connection in the rollback (a non-JDBC
   * transaction manager, an unguarded data source, no statement at all) only the declaration
   * counts.
   */
  private void recordRollback(
      RequestContext context,
      TransactionStatus status,
      boolean readOnly,
      TraceRollbacks.Seen seen) {
    if (seen == TraceRollbacks.Seen.WRITES) {
      record(
          context,
          readOnly
              ? "read-only, wrote; rolled back instead of commit"
              : "flushed, rolled back instead of commit",
          status);
    } else if (readOnly) {
      record(context, SideEffect.Kind.READ_ONLY_TRANSACTION, "read-only, rolled back", status);
    } else if (seen == TraceRollbacks.Seen.READS_ONLY) {
      record(
          context,
          SideEffect.Kind.READ_ONLY_TRANSACTION,
          "no write statement, rolled back",
          status);
    } else {
      record(context, "flushed, rolled back instead of commit", status);
    }
  }

  private void rollbackAfterFailure(
      RequestContext context,
      PlatformTransactionManager delegate,
      TransactionStatus status,
      Throwable failure) {
    try {
      delegate.rollback(status);
      record(context, "rolled back after a failed flush", status);
    } catch (RuntimeException | Error e) {
      context.sideEffects().record(TraceReport.rollbackFailed(name, String.valueOf(e)));
      failure.addSuppressed(e);
    }
  }

  private void record(RequestContext context, String what, TransactionStatus status) {
    record(context, SideEffect.Kind.TRANSACTION, what, status);
  }

  private void record(
      RequestContext context, SideEffect.Kind kind, String what, TransactionStatus status) {
    String tx = status.getTransactionName();
    context
        .sideEffects()
        .record(new SideEffect(kind, name, tx.isEmpty() ? what : what + ": " + tx));
  }

  private static boolean ownsCompletion(TransactionStatus status) {
    if (status.isNewTransaction()) {
      return true;
    }
    // An empty transaction scope (SUPPORTS, NOT_SUPPORTED...) still completes its synchronizations
    // as "committed", which would fire AFTER_COMMIT listeners registered in it.
    return status instanceof DefaultTransactionStatus d
        && d.isNewSynchronization()
        && !d.hasTransaction();
  }

  private static boolean newSynchronization(TransactionStatus status) {
    return !(status instanceof DefaultTransactionStatus d) || d.isNewSynchronization();
  }
}
