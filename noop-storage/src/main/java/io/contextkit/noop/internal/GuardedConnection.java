package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import io.contextkit.noop.TraceReport;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A connection that, under a TRACE context, never commits; see {@code TraceGuardDataSource} for the
 * contract. The request type is read from {@link RequestContext#current()} at every operation,
 * never at acquisition, so a handle obtained under one request type and used under another (pools,
 * cached handles) is guarded by the request that uses it.
 *
 * <p>State kept per connection, only while TRACE work is pending:
 *
 * <ul>
 *   <li>{@code switchedAutoCommit}: the application believes autocommit is on, but the guard turned
 *       it off to hold TRACE writes in a transaction that is rolled back at commit, close, or the
 *       next STANDARD operation. While switched, each TRACE statement runs under a savepoint, so a
 *       failed statement is undone alone, as autocommit would (PostgreSQL would otherwise abort the
 *       whole transaction).
 *   <li>{@code traceWork} / {@code traceUnsafe}: a statement (a non-read statement) ran under TRACE
 *       since the transaction began.
 * </ul>
 *
 * <p>Like JDBC connections themselves, not meant for concurrent use by several threads.
 */
public final class GuardedConnection extends DelegatingConnection {

  /** SQLState of the exceptions this guard throws: "invalid transaction state". */
  public static final String SQL_STATE = "25000";

  /** A statement call that may be executed under the TRACE protocol. */
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  private final String name;
  private boolean switchedAutoCommit;
  private boolean traceWork;
  private boolean traceUnsafe;
  private @Nullable SideEffectRecorder traceOwner;

  public GuardedConnection(Connection connection, String name) {
    super(connection);
    this.name = name;
  }

  /** The wrapped connection. */
  public Connection delegate() {
    return connection;
  }

  // ---- the TRACE protocol, used by the statements ----

  <T> T traced(RequestContext ctx, SqlStatements.Classified sql, int batchSize, SqlCall<T> call)
      throws SQLException {
    SideEffectRecorder recorder = ctx.sideEffects();
    if (sql.kind() == SqlStatements.Kind.IMPLICIT_COMMIT) {
      recorder.record(
          new SideEffect(
              SideEffect.Kind.VIOLATION, name, "rejected " + sql.verb() + ": commits implicitly"));
      throw new SQLException(
          "TRACE request: '"
              + sql.verb()
              + "' commits implicitly or cannot be rolled back on some databases, so it is"
              + " rejected under TRACE (nothing was executed)",
          SQL_STATE);
    }
    if (traceOwner != null && traceOwner != recorder) {
      // Another TRACE request's work is still pending on this handle; it must not become ours.
      endTraceWork(false);
    }
    if (!switchedAutoCommit && connection.getAutoCommit()) {
      connection.setAutoCommit(false);
      switchedAutoCommit = true;
    }
    traceOwner = recorder;
    traceWork = true;
    boolean write = sql.kind() != SqlStatements.Kind.READ;
    if (write) {
      traceUnsafe = true;
    }
    Savepoint savepoint = switchedAutoCommit ? connection.setSavepoint() : null;
    T result;
    try {
      result = call.call();
    } catch (SQLException | RuntimeException e) {
      if (savepoint != null) {
        try {
          connection.rollback(savepoint);
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    if (savepoint != null) {
      try {
        connection.releaseSavepoint(savepoint);
      } catch (SQLException ignored) {
        // Some drivers do not release savepoints; the transaction's end releases it anyway.
      }
    }
    if (sql.kind() == SqlStatements.Kind.WRITE) {
      String summary =
          batchSize > 1 ? sql.summary() + " (batch of " + batchSize + ")" : sql.summary();
      recorder.record(new SideEffect(SideEffect.Kind.STATEMENT, sql.target(), summary));
      if (switchedAutoCommit) {
        recorder.record(
            new SideEffect(
                SideEffect.Kind.VIOLATION,
                name,
                "autocommit " + summary + " held in a transaction and rolled back"));
      }
    }
    return result;
  }

  /**
   * Called before every STANDARD operation: TRACE work still pending on this handle is rolled back
   * first, so it can never be committed by a STANDARD request.
   *
   * @throws SQLException when the pending TRACE work sat inside a transaction the STANDARD code
   *     continues: that transaction was rolled back, which the caller must learn
   */
  void beforeStandard() throws SQLException {
    if (switchedAutoCommit || traceWork) {
      boolean insideApplicationTransaction = !switchedAutoCommit && traceUnsafe;
      endTraceWork(false);
      if (insideApplicationTransaction) {
        throw new SQLException(
            "This connection held uncommitted work of a TRACE request when a STANDARD request used"
                + " it; that transaction was rolled back",
            SQL_STATE);
      }
    }
  }

  /** Rolls back pending TRACE work, restores autocommit, reports it to the owning request. */
  private void endTraceWork(boolean atClose) throws SQLException {
    SideEffectRecorder owner = traceOwner;
    boolean unsafe = traceUnsafe;
    boolean switched = switchedAutoCommit;
    traceWork = false;
    traceUnsafe = false;
    traceOwner = null;
    switchedAutoCommit = false;
    try {
      connection.rollback();
    } catch (SQLException e) {
      if (owner != null) {
        owner.record(TraceReport.rollbackFailed(name, String.valueOf(e.getMessage())));
      }
      throw new SQLException(
          "TRACE request: rolling back its work failed; committed: unknown", SQL_STATE, e);
    }
    if (owner != null && unsafe) {
      owner.record(
          new SideEffect(
              SideEffect.Kind.TRANSACTION,
              name,
              switched
                  ? "autocommit work rolled back" + (atClose ? " at close" : "")
                  : "rolled back" + (atClose ? " at close" : "")));
    }
    if (switched) {
      connection.setAutoCommit(true);
    }
  }

  private void rollbackInsteadOfCommit(SideEffectRecorder recorder, String what)
      throws SQLException {
    boolean unsafe = traceUnsafe;
    traceWork = false;
    traceUnsafe = false;
    traceOwner = null;
    try {
      connection.rollback();
      TraceRollbacks.rolledBack(unsafe);
    } catch (SQLException e) {
      recorder.record(TraceReport.rollbackFailed(name, String.valueOf(e.getMessage())));
      throw new SQLException(
          "TRACE request: "
              + what
              + " was turned into a rollback, which failed; committed: unknown",
          SQL_STATE,
          e);
    }
    if (unsafe) {
      recorder.record(
          new SideEffect(SideEffect.Kind.TRANSACTION, name, what + " turned into rollback"));
      recorder.record(
          new SideEffect(
              SideEffect.Kind.VIOLATION,
              name,
              what + " reached the JDBC connection under TRACE; rolled back"));
    }
  }

  // ---- connection methods the guard changes ----

  @Override
  public void commit() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      rollbackInsteadOfCommit(ctx.sideEffects(), "commit()");
      return;
    }
    beforeStandard();
    connection.commit();
  }

  @Override
  public void rollback() throws SQLException {
    boolean trace = RequestContext.current().isTrace();
    if (!trace) {
      beforeStandard();
    }
    boolean unsafe = traceUnsafe;
    traceWork = false;
    traceUnsafe = false;
    traceOwner = null;
    connection.rollback();
    if (trace) {
      // Lets the transaction layer that asked for this rollback tell a read-only transaction from
      // one whose writes it just undid.
      TraceRollbacks.rolledBack(unsafe);
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    if (!RequestContext.current().isTrace()) {
      beforeStandard();
    }
    connection.rollback(savepoint);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (!ctx.isTrace()) {
      beforeStandard();
      connection.setAutoCommit(autoCommit);
      return;
    }
    if (autoCommit) {
      if (switchedAutoCommit) {
        return; // already on, as far as the application can tell: JDBC makes this a no-op
      }
      if (!connection.getAutoCommit()) {
        // Per JDBC, switching autocommit on commits the open transaction: roll it back instead.
        rollbackInsteadOfCommit(ctx.sideEffects(), "setAutoCommit(true)");
      }
      connection.setAutoCommit(true);
    } else if (switchedAutoCommit) {
      // The application begins a transaction; keep the pending autocommit work so it reads its own
      // writes, and let the transaction's end roll it all back.
      switchedAutoCommit = false;
    } else {
      connection.setAutoCommit(false);
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return switchedAutoCommit || connection.getAutoCommit();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    endSwitchedWorkBeforeSessionChange();
    connection.setReadOnly(readOnly);
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    endSwitchedWorkBeforeSessionChange();
    connection.setTransactionIsolation(level);
  }

  /**
   * The application believes no transaction is open when autocommit was switched, and drivers
   * refuse these changes inside one: end the TRACE work first.
   */
  private void endSwitchedWorkBeforeSessionChange() throws SQLException {
    if (switchedAutoCommit) {
      endTraceWork(false);
    } else if (!RequestContext.current().isTrace()) {
      beforeStandard();
    }
  }

  @Override
  public void close() throws SQLException {
    if (connection.isClosed()) {
      connection.close();
      return;
    }
    try {
      if (switchedAutoCommit || traceWork) {
        endTraceWork(true);
      }
    } finally {
      connection.close();
    }
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new GuardedStatement(this, connection.createStatement(), null);
  }

  @Override
  public Statement createStatement(int type, int concurrency) throws SQLException {
    return new GuardedStatement(this, connection.createStatement(type, concurrency), null);
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    return new GuardedStatement(
        this, connection.createStatement(type, concurrency, holdability), null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return new GuardedPreparedStatement(this, connection.prepareStatement(sql), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency)
      throws SQLException {
    return new GuardedPreparedStatement(
        this, connection.prepareStatement(sql, type, concurrency), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    return new GuardedPreparedStatement(
        this, connection.prepareStatement(sql, type, concurrency, holdability), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return new GuardedPreparedStatement(
        this, connection.prepareStatement(sql, autoGeneratedKeys), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return new GuardedPreparedStatement(this, connection.prepareStatement(sql, columnIndexes), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return new GuardedPreparedStatement(this, connection.prepareStatement(sql, columnNames), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return new GuardedCallableStatement(this, connection.prepareCall(sql), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    return new GuardedCallableStatement(this, connection.prepareCall(sql, type, concurrency), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    return new GuardedCallableStatement(
        this, connection.prepareCall(sql, type, concurrency, holdability), sql);
  }

  /**
   * {@code Connection} and {@code Wrapper} resolve to this guard; any other interface (a driver's
   * own, e.g. {@code PGConnection}) to the driver's object — an explicit escape hatch that is not
   * guarded.
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return connection.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || connection.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "GuardedConnection[" + name + "]{" + connection + "}";
  }
}
