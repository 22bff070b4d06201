package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import io.contextkit.noop.internal.ReactorRequestContexts;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.GenericReactiveTransaction;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link TraceCommitInterceptor}: turns {@code commit} of a {@link
 * ReactiveTransactionManager} into a rollback when the request is TRACE and the transaction owns
 * its completion (a new transaction, or a new synchronization scope without one).
 *
 * <p>The request is the one in the Reactor context of the subscriber of {@code commit} ({@link
 * ReactorRequestContexts}): {@code @Transactional} methods returning {@code Mono}/{@code Flux} and
 * {@code TransactionalOperator} complete their transaction inside the caller's pipeline, so the
 * decision follows the request across {@code publishOn}/{@code subscribeOn} hops.
 *
 * <p>Participating transactions, and statuses already marked rollback-only, are left to the
 * delegate exactly as for STANDARD. Under TRACE the {@code beforeCommit} synchronizations run (as
 * they would, in order; R2DBC has no persistence context to flush — repository and {@code
 * DatabaseClient} SQL has run by the time {@code commit} is subscribed), then the delegate's {@code
 * rollback}: {@code afterCommit} callbacks do not fire, {@code afterCompletion} sees a rollback. A
 * failing {@code beforeCommit} rolls back and propagates, as a failed commit would; a rollback that
 * fails is reported with {@link TraceReport#rollbackFailed} ({@code committed: unknown}) and
 * propagates.
 *
 * <p>This class is internal and is hence not for public use.
 */
final class TraceReactiveCommitInterceptor implements MethodInterceptor {

  private final String name;

  TraceReactiveCommitInterceptor(String name) {
    this.name = name;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Method method = invocation.getMethod();
    Object target = invocation.getThis();
    if (!method.getName().equals("commit")
        || method.getParameterCount() != 1
        || !(invocation.getArguments()[0] instanceof ReactiveTransaction transaction)
        || !(target instanceof ReactiveTransactionManager delegate)) {
      return invocation.proceed();
    }
    return Mono.deferContextual(
        view -> {
          RequestContext context = ReactorRequestContexts.of(view);
          if (!context.isTrace() || transaction.isCompleted() || !ownsCompletion(transaction)) {
            return delegate.commit(transaction);
          }
          if (transaction.isRollbackOnly()) {
            return delegate
                .commit(transaction)
                .then(record(context, "rolled back (marked rollback-only)", transaction));
          }
          return beforeCommit(transaction)
              .onErrorResume(
                  failure -> rollbackAfterFailure(context, delegate, transaction, failure))
              .then(
                  Mono.defer(
                      () ->
                          delegate
                              .rollback(transaction)
                              .doOnError(
                                  e ->
                                      context
                                          .sideEffects()
                                          .record(
                                              TraceReport.rollbackFailed(
                                                  name, String.valueOf(e))))))
              .then(record(context, "rolled back instead of commit", transaction));
        });
  }

  private Mono<Void> rollbackAfterFailure(
      RequestContext context,
      ReactiveTransactionManager delegate,
      ReactiveTransaction transaction,
      Throwable failure) {
    return delegate
        .rollback(transaction)
        .then(record(context, "rolled back after a failed beforeCommit", transaction))
        .onErrorResume(
            e -> {
              context.sideEffects().record(TraceReport.rollbackFailed(name, String.valueOf(e)));
              failure.addSuppressed(e);
              return Mono.empty();
            })
        .then(Mono.error(failure));
  }

  private Mono<Void> record(RequestContext context, String what, ReactiveTransaction transaction) {
    return Mono.fromRunnable(
        () -> {
          String tx = transaction.getTransactionName();
          context
              .sideEffects()
              .record(
                  new SideEffect(
                      SideEffect.Kind.TRANSACTION, name, tx.isEmpty() ? what : what + ": " + tx));
        });
  }

  /** The {@code beforeCommit} callbacks a real commit of a new synchronization scope would run. */
  private static Mono<Void> beforeCommit(ReactiveTransaction transaction) {
    if (transaction instanceof GenericReactiveTransaction generic
        && !generic.isNewSynchronization()) {
      return Mono.empty();
    }
    return TransactionSynchronizationManager.forCurrentTransaction()
        .flatMap(
            manager -> {
              if (!manager.isSynchronizationActive()) {
                return Mono.empty();
              }
              boolean readOnly = transaction.isReadOnly();
              return Flux.fromIterable(manager.getSynchronizations())
                  .concatMap((TransactionSynchronization s) -> s.beforeCommit(readOnly))
                  .then();
            })
        // No transaction context at all (a manager used outside Spring's reactive support): there
        // are no synchronizations to run.
        .onErrorResume(
            org.springframework.transaction.NoTransactionException.class, e -> Mono.empty());
  }

  private static boolean ownsCompletion(ReactiveTransaction transaction) {
    if (transaction.isNewTransaction()) {
      return true;
    }
    // An empty transaction scope (SUPPORTS, NOT_SUPPORTED...) still completes its synchronizations
    // as "committed", which would fire afterCommit callbacks registered in it.
    return transaction instanceof GenericReactiveTransaction generic
        && generic.isNewSynchronization()
        && !generic.hasTransaction();
  }
}
