package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
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
 * for this invocation.
 */
@TraceTransactionBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 199)
public final class TraceTransactionScopeInterceptor {

  /** The invocation's context-data key holding the transaction current before Narayana's. */
  static final String BEFORE = "io.contextkit.trace.transaction-before";

  /** The value of {@link #BEFORE} when no transaction was current. */
  static final Object NONE = new Object();

  private final TransactionManager transactionManager;

  @Inject
  TraceTransactionScopeInterceptor(TransactionManager transactionManager) {
    this.transactionManager = transactionManager;
  }

  @AroundInvoke
  @Nullable Object noteTransaction(InvocationContext invocation) throws Exception {
    if (RequestContext.current().isTrace()) {
      Transaction before = transactionManager.getTransaction();
      invocation.getContextData().put(BEFORE, before == null ? NONE : before);
    }
    return invocation.proceed();
  }
}
