package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
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
 * are flushed (so SQL runs and constraints surface), then the delegate's {@code rollback} runs, so
 * {@code AFTER_COMMIT} listeners do not fire and {@code AFTER_ROLLBACK} listeners do. A flush
 * failure rolls back and propagates, as a failed commit would. A rollback that fails is reported
 * with {@link TraceReport#rollbackFailed} (the request's outcome becomes {@code committed:
 * unknown}) and propagates.
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
    try {
      if (newSynchronization(status)
          && TransactionSynchronizationManager.isSynchronizationActive()) {
        TransactionSynchronizationUtils.triggerBeforeCommit(status.isReadOnly());
      }
      status.flush();
    } catch (RuntimeException | Error e) {
      rollbackAfterFailure(context, delegate, status, e);
      throw e;
    }
    try {
      delegate.rollback(status);
    } catch (RuntimeException | Error e) {
      context.sideEffects().record(TraceReport.rollbackFailed(name, String.valueOf(e)));
      throw e;
    }
    record(context, "flushed, rolled back instead of commit", status);
    return null;
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
    String tx = status.getTransactionName();
    context
        .sideEffects()
        .record(
            new SideEffect(
                SideEffect.Kind.TRANSACTION, name, tx.isEmpty() ? what : what + ": " + tx));
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
