package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The JTA backstop: every transaction begun under a TRACE context (through the {@code
 * TransactionManager} or the {@code UserTransaction} bean, whichever front door) gets a
 * synchronization that only runs when the transaction is about to <em>commit</em> — which the TRACE
 * guards never let happen. If it does (a front door the guards do not cover, an asynchronous
 * {@code @Transactional} method), the synchronization marks the transaction rollback-only, so the
 * commit fails with a {@code RollbackException} instead of persisting, and reports a {@code
 * VIOLATION}: the TRACE request ends in an error.
 */
@Singleton
public final class TraceTransactionBackstop {

  private final TransactionSynchronizationRegistry registry;

  @Inject
  TraceTransactionBackstop(TransactionSynchronizationRegistry registry) {
    this.registry = registry;
  }

  void onBegin(@Observes @Initialized(TransactionScoped.class) Object transaction) {
    RequestContext context = RequestContext.current();
    if (context.isTrace()) {
      registry.registerInterposedSynchronization(new CommitTripwire(context, registry));
    }
  }

  private record CommitTripwire(RequestContext context, TransactionSynchronizationRegistry registry)
      implements Synchronization {

    @Override
    public void beforeCompletion() {
      registry.setRollbackOnly();
      context
          .sideEffects()
          .record(
              new SideEffect(
                  SideEffect.Kind.VIOLATION,
                  TraceTransactions.TARGET,
                  "a TRACE transaction reached commit; it was marked rollback-only and failed"));
    }

    @Override
    public void afterCompletion(int status) {}
  }
}
