package io.contextkit.noop.internal;

import java.sql.CallableStatement;

/** A callable statement under the TRACE protocol; a {@code CALL} counts as a write. */
final class GuardedCallableStatement extends DelegatingCallableStatement {

  GuardedCallableStatement(GuardedConnection owner, CallableStatement callable, String sql) {
    super(owner, callable, sql);
  }
}
