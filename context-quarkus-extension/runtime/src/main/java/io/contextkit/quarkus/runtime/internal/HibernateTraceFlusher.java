package io.contextkit.quarkus.runtime.internal;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Singleton;
import org.hibernate.Session;

/**
 * Flushes the transaction-scoped Hibernate ORM session of every persistence unit; registered only
 * when the application has {@code quarkus-hibernate-orm}.
 */
@Singleton
public final class HibernateTraceFlusher implements TraceFlusher {

  @Override
  public void flushTransaction() {
    for (InstanceHandle<Session> handle :
        Arc.container().select(Session.class, Any.Literal.INSTANCE).handles()) {
      if (!handle.getBean().isActive()) {
        // A deactivated persistence unit has no session, hence nothing to flush.
        continue;
      }
      // The bean is the persistence unit's transaction-scoped session: flush() flushes the
      // session joined to the current transaction.
      handle.get().flush();
    }
  }
}
