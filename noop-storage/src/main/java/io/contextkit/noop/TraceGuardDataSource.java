package io.contextkit.noop;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.internal.GuardedConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKey;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The JDBC backstop of TRACE requests: a {@link DataSource} whose connections never commit the work
 * of a TRACE request, whatever path it took (a transaction manager, plain JDBC, autocommit).
 *
 * <pre>{@code
 * DataSource guarded = TraceGuardDataSource.wrap(hikari, "orders-db");
 * }</pre>
 *
 * <p>The request type is read from {@link io.contextkit.RequestContext#current()} at every
 * operation on a connection or statement — never once at acquisition — so a connection obtained
 * under one request type and used under another (pooled handles, handles cached across requests) is
 * guarded by the request that actually uses it. Every effect is reported into that request's {@link
 * io.contextkit.RequestContext#sideEffects() recorder}; the target of transaction-level effects is
 * the data source name.
 *
 * <p>Under a TRACE context, on connections of this data source:
 *
 * <ul>
 *   <li>{@code commit()} rolls back instead, and is reported as a {@code TRANSACTION} and a {@code
 *       VIOLATION} when the transaction ran any non-read statement (the transaction-manager layer
 *       should have rolled back before a commit reached JDBC). A commit of read-only work is
 *       silently rolled back.
 *   <li>A statement executed in autocommit mode does not persist: the guard turns autocommit off
 *       for the TRACE unit of work (while {@code getAutoCommit()} keeps answering {@code true}),
 *       runs each statement under a savepoint so a failing one is undone alone as autocommit would,
 *       and rolls the work back at {@code commit()}, {@code close()}, or the next operation of a
 *       STANDARD request on the same handle; autocommit is switched back on before the connection
 *       goes back to its pool. Each such write is also reported as a {@code VIOLATION}. Later
 *       statements of the same TRACE unit read the earlier writes, as they would for real.
 *   <li>{@code setAutoCommit(true)} inside a transaction, which per JDBC commits it, rolls it back
 *       first (reported like a commit).
 *   <li>Statements that commit implicitly or cannot be rolled back on some database — DDL ({@code
 *       CREATE}, {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code RENAME}, {@code GRANT}...),
 *       {@code COMMIT}, {@code END}, {@code BEGIN}, {@code START TRANSACTION}, {@code SET
 *       AUTOCOMMIT}, {@code LOCK TABLES}, {@code XA} — anywhere in the SQL text (after {@code ;}
 *       too) are rejected before they reach the database with an {@link SQLException} of SQLState
 *       {@value #REJECTED_SQL_STATE} saying why, and reported as a {@code VIOLATION}.
 *   <li>Write statements ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code
 *       CALL}...) are reported as {@code STATEMENT} effects, with their table when the SQL names it
 *       plainly, else their verb; a batch is one effect.
 *   <li>When a rollback the guard relies on fails, the failure is reported with {@link
 *       TraceReport#rollbackFailed} (the request's outcome becomes {@code committed: unknown}) and
 *       an {@link SQLException} is thrown.
 * </ul>
 *
 * <p>Under a STANDARD context nothing changes, except that TRACE work still pending on the same
 * handle is rolled back first; if that work sat inside a transaction the STANDARD code continues,
 * the operation fails with an {@link SQLException} rather than commit TRACE writes.
 *
 * <p>Not covered (documented limits): sequence and identity increments; deferred constraints
 * (checked at commit, which never happens); XA/JTA commits that go through an {@code XAResource} or
 * the pool's physical connection below this wrapper; objects reached through {@code
 * ResultSet.getStatement()}, {@code DatabaseMetaData.getConnection()} or {@code unwrap} to a driver
 * interface, which are the driver's own.
 *
 * <p>Thread-safe; each connection is, as JDBC connections are, meant for one thread at a time.
 */
public final class TraceGuardDataSource implements DataSource, TraceGuarded {

  /** The SQLState of the exceptions the guard throws: 25000, "invalid transaction state". */
  public static final String REJECTED_SQL_STATE = GuardedConnection.SQL_STATE;

  private static final String DEFAULT_NAME = "jdbc";

  private final DataSource delegate;
  private final String name;
  private final boolean countsCheckouts;

  private TraceGuardDataSource(DataSource delegate, String name, boolean countsCheckouts) {
    this.delegate = delegate;
    this.name = name;
    this.countsCheckouts = countsCheckouts;
  }

  /** {@link #wrap(DataSource, String)} named {@code jdbc}. */
  public static DataSource wrap(DataSource dataSource) {
    return wrap(dataSource, DEFAULT_NAME);
  }

  /**
   * Guards {@code dataSource}, or returns it unchanged when it is already guarded — itself, or a
   * wrapper that {@linkplain DataSource#isWrapperFor reports} a guard inside it — so it is never
   * wrapped twice.
   *
   * @param name the data source name reported as the target of transaction-level effects
   */
  public static DataSource wrap(DataSource dataSource, String name) {
    return wrap(dataSource, name, true);
  }

  /**
   * {@link #wrap(DataSource, String)}, choosing whether each connection obtained is counted as a
   * call of the data source in the runtime dependency map ({@code ContextKit.dependencies()}):
   * {@code false} for a data source that stands for one physical connection (a JDBC driver's),
   * whose checkouts are connection opens, not requests.
   */
  public static DataSource wrap(DataSource dataSource, String name, boolean countsCheckouts) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(name, "name");
    if (dataSource instanceof TraceGuardDataSource) {
      return dataSource;
    }
    try {
      if (dataSource.isWrapperFor(TraceGuardDataSource.class)) {
        return dataSource;
      }
    } catch (SQLException | RuntimeException e) {
      // A wrapper that cannot answer is treated as not guarded: guarding twice is harmless.
    }
    return new TraceGuardDataSource(dataSource, name, countsCheckouts);
  }

  /** Whether {@code dataSource} is a guard or wraps one. */
  public static boolean isGuarded(DataSource dataSource) {
    if (dataSource instanceof TraceGuardDataSource) {
      return true;
    }
    try {
      return dataSource.isWrapperFor(TraceGuardDataSource.class);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** The data source this guard wraps. */
  public DataSource delegate() {
    return delegate;
  }

  /** The name reported as the target of transaction-level effects. */
  public String name() {
    return name;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      Connection connection = delegate.getConnection();
      failed = false;
      return new GuardedConnection(connection, name);
    } finally {
      recordDependency(start, failed);
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      Connection connection = delegate.getConnection(username, password);
      failed = false;
      return new GuardedConnection(connection, name);
    } finally {
      recordDependency(start, failed);
    }
  }

  /**
   * Counts a connection checkout in the runtime dependency map: the data source's edge counts
   * connections obtained (STANDARD and TRACE alike), its errors the checkouts that failed, its
   * latency the time to obtain a connection from the pool.
   */
  private void recordDependency(long startNanos, boolean failed) {
    if (!countsCheckouts) {
      return;
    }
    ContextKit.dependencies()
        .edge(DependencyKind.DATASOURCE, DependencyDirection.CALLED, name)
        .record(System.nanoTime() - startNanos, failed, RequestContext.current().isTrace());
  }

  @Override
  public ConnectionBuilder createConnectionBuilder() throws SQLException {
    ConnectionBuilder builder = delegate.createConnectionBuilder();
    return new ConnectionBuilder() {
      @Override
      public ConnectionBuilder user(String username) {
        builder.user(username);
        return this;
      }

      @Override
      public ConnectionBuilder password(String password) {
        builder.password(password);
        return this;
      }

      @Override
      public ConnectionBuilder shardingKey(ShardingKey shardingKey) {
        builder.shardingKey(shardingKey);
        return this;
      }

      @Override
      public ConnectionBuilder superShardingKey(ShardingKey superShardingKey) {
        builder.superShardingKey(superShardingKey);
        return this;
      }

      @Override
      public Connection build() throws SQLException {
        return new GuardedConnection(builder.build(), name);
      }
    };
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  /**
   * This guard for its own type, the wrapped data source for any type it is, else whatever the
   * wrapped data source unwraps to: the original stays reachable.
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "TraceGuardDataSource[" + name + "]{" + delegate + "}";
  }
}
