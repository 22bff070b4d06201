package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.internal.TraceRollbacks;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.jspecify.annotations.Nullable;

/**
 * Runs just outside Narayana's {@code @Transactional} interceptors (priority {@code PLATFORM_BEFORE
 * + 199} against their 200): under TRACE it notes which transaction was current before them, so
 * {@link TraceTransactionInterceptor}, just inside, can tell whether they began a new transaction
 * for this invocation; and once they rolled that transaction back, it reports the rollback — as a
 * read-only transaction when the JDBC guard saw its connections run no write statement.
 */
@TraceTransactionBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 199)
public final class TraceTransactionScopeInterceptor {

  /** The invocation's context-data key holding the transaction current before Narayana's. */
  static final String BEFORE = "io.contextkit.trace.transaction-before";

  /** The value of {@link #BEFORE} when no transaction was current. */
  static final Object NONE = new Object();

  /**
   * The invocation's context-data key under which {@link TraceTransactionInterceptor} leaves the
   * guard's mark taken just before Narayana's interceptor rolls back the TRACE transaction it
   * began; this interceptor reports the rollback once it happened.
   */
  static final String ROLLBACK = "io.contextkit.trace.transaction-rollback";

  private final TransactionManager transactionManager;

  @Inject
  TraceTransactionScopeInterceptor(TransactionManager transactionManager) {
    this.transactionManager = transactionManager;
  }

  @AroundInvoke
  @Nullable Object noteTransaction(InvocationContext invocation) throws Exception {
    RequestContext context = RequestContext.current();
    if (!context.isTrace()) {
      return invocation.proceed();
    }
    Transaction before = transactionManager.getTransaction();
    invocation.getContextData().put(BEFORE, before == null ? NONE : before);
    try {
      return invocation.proceed();
    } finally {
      if (invocation.getContextData().remove(ROLLBACK) instanceof TraceRollbacks.Mark mark) {
        TraceTransactions.recordRollback(context, TraceRollbacks.since(mark));
      }
    }
  }
}
