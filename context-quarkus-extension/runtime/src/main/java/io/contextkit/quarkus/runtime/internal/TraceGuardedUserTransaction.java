package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.internal.TraceRollbacks;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import org.jspecify.annotations.Nullable;

/**
 * The application's {@link UserTransaction} (also behind {@code QuarkusTransaction}): under a TRACE
 * context, {@code commit()} of an active transaction flushes the ORM — SQL runs, constraint
 * violations surface — and rolls back instead; a failed flush rolls back and is thrown as the
 * {@link RollbackException} a failed commit throws. A transaction already marked rollback-only
 * takes the delegate's path, as for real. STANDARD calls are forwarded unchanged.
 */
final class TraceGuardedUserTransaction implements UserTransaction {

  private final UserTransaction delegate;
  private final TraceTransactions transactions;

  TraceGuardedUserTransaction(UserTransaction delegate, TraceTransactions transactions) {
    this.delegate = delegate;
    this.transactions = transactions;
  }

  @Override
  public void commit()
      throws RollbackException,
          HeuristicMixedException,
          HeuristicRollbackException,
          SecurityException,
          IllegalStateException,
          SystemException {
    RequestContext context = RequestContext.current();
    if (!context.isTrace() || delegate.getStatus() != Status.STATUS_ACTIVE) {
      delegate.commit();
      return;
    }
    try {
      transactions.flush();
    } catch (RuntimeException e) {
      rollback(context, "rolled back after a failed flush");
      RollbackException failure =
          new RollbackException("TRACE request: the flush before the rollback failed: " + e);
      failure.initCause(e);
      throw failure;
    }
    rollback(context, null);
  }

  /**
   * Rolls back and reports it: as {@code what}, or when {@code what} is {@code null} as the
   * rollback instead of a commit, read-only when the JDBC guard saw no write statement in it.
   */
  private void rollback(RequestContext context, @Nullable String what) throws SystemException {
    TraceRollbacks.Mark mark = TraceRollbacks.mark();
    try {
      delegate.rollback();
    } catch (SystemException | RuntimeException e) {
      TraceTransactions.rollbackFailed(context, e);
      throw e;
    }
    if (what == null) {
      TraceTransactions.recordRollback(context, TraceRollbacks.since(mark));
    } else {
      TraceTransactions.record(context, what);
    }
  }

  @Override
  public void begin() throws NotSupportedException, SystemException {
    delegate.begin();
  }

  @Override
  public void rollback() throws IllegalStateException, SecurityException, SystemException {
    delegate.rollback();
  }

  @Override
  public void setRollbackOnly() throws IllegalStateException, SystemException {
    delegate.setRollbackOnly();
  }

  @Override
  public int getStatus() throws SystemException {
    return delegate.getStatus();
  }

  @Override
  public void setTransactionTimeout(int seconds) throws SystemException {
    delegate.setTransactionTimeout(seconds);
  }
}
