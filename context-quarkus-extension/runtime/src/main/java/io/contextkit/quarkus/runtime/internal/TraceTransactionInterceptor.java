package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.internal.TraceRollbacks;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Runs just inside Narayana's {@code @Transactional} interceptors (priority {@code PLATFORM_BEFORE
 * + 201} against their 200). When they began a new transaction for this invocation of a TRACE
 * request ({@code REQUIRED} without a caller transaction, {@code REQUIRES_NEW}), it flushes the ORM
 * when the method returns — SQL runs, constraint violations surface as from a commit — and marks
 * the transaction rollback-only, so Narayana's interceptor rolls it back silently instead of
 * committing: {@code AFTER_SUCCESS} observers do not fire, {@code AFTER_FAILURE} ones do. That
 * rollback is reported by {@link TraceTransactionScopeInterceptor}, just outside Narayana's, once
 * it happened.
 *
 * <p>Joined transactions are left to their owner. A method that throws gets its transaction marked
 * rollback-only without a flush (a real request would roll back a runtime exception anyway; a
 * checked exception that would commit is rolled back too). A method returning a {@code
 * CompletionStage}, a publisher or a Mutiny type completes after this interceptor: its transaction
 * is left to the JTA backstop ({@link TraceTransactionBackstop}), which fails the commit.
 */
@TraceTransactionBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
public final class TraceTransactionInterceptor {

  private final TransactionManager transactionManager;
  private final TraceTransactions transactions;

  @Inject
  TraceTransactionInterceptor(
      TransactionManager transactionManager, TraceTransactions transactions) {
    this.transactionManager = transactionManager;
    this.transactions = transactions;
  }

  @AroundInvoke
  @Nullable Object rollBackTraceTransaction(InvocationContext invocation) throws Exception {
    Object before = invocation.getContextData().get(TraceTransactionScopeInterceptor.BEFORE);
    if (before == null) {
      return invocation.proceed();
    }
    Transaction tx = transactionManager.getTransaction();
    if (tx == null || tx == before) {
      return invocation.proceed();
    }
    RequestContext context = RequestContext.current();
    Object result;
    try {
      result = invocation.proceed();
    } catch (Exception | Error e) {
      try {
        if (tx.getStatus() == Status.STATUS_ACTIVE) {
          tx.setRollbackOnly();
        }
        TraceTransactions.record(context, "rolled back (the method threw)");
      } catch (SystemException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    if (isAsynchronous(result)) {
      return result;
    }
    if (tx.getStatus() != Status.STATUS_ACTIVE) {
      TraceTransactions.record(context, "rolled back (marked rollback-only)");
      return result;
    }
    try {
      transactions.flush();
    } catch (RuntimeException | Error e) {
      tx.setRollbackOnly();
      TraceTransactions.record(context, "rolled back after a failed flush");
      throw e;
    }
    tx.setRollbackOnly();
    // Reported by the scope interceptor once Narayana's interceptor has rolled it back, with what
    // the JDBC guard saw of that rollback: whether the transaction wrote anything.
    invocation
        .getContextData()
        .put(TraceTransactionScopeInterceptor.ROLLBACK, TraceRollbacks.mark());
    return result;
  }

  private static boolean isAsynchronous(@Nullable Object result) {
    if (result == null) {
      return false;
    }
    if (result instanceof CompletionStage || result instanceof Flow.Publisher) {
      return true;
    }
    for (Class<?> c = result.getClass(); c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        String name = i.getName();
        if (name.equals("io.smallrye.mutiny.Uni") || name.equals("org.reactivestreams.Publisher")) {
          return true;
        }
      }
    }
    return false;
  }
}
