package io.contextkit.quarkus.runtime.internal;

import io.quarkus.narayana.jta.runtime.NotifyingUserTransaction;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.UserTransaction;

/**
 * Replaces the {@link UserTransaction} bean of quarkus-narayana-jta (the one {@code
 * QuarkusTransaction} and injection points use) by the same bean — Narayana's user transaction with
 * Quarkus' transaction-scope events — guarded for TRACE ({@link TraceGuardedUserTransaction}).
 */
@Singleton
public final class TraceUserTransactionProducer {

  @Produces
  @ApplicationScoped
  @Alternative
  @Priority(1)
  UserTransaction traceGuardedUserTransaction(TraceTransactions transactions) {
    return new TraceGuardedUserTransaction(
        new NotifyingUserTransaction(com.arjuna.ats.jta.UserTransaction.userTransaction()),
        transactions);
  }
}
