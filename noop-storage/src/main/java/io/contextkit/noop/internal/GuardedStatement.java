package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A statement whose executions follow the TRACE protocol of its {@link GuardedConnection}: under
 * TRACE the SQL is classified, implicit-commit statements are rejected before they reach the
 * database, writes are reported; under STANDARD pending TRACE work is rolled back first and the
 * call is forwarded unchanged.
 */
class GuardedStatement extends DelegatingStatement {

  final GuardedConnection owner;
  final @Nullable String sql;
  private final List<String> batch = new ArrayList<>();

  GuardedStatement(GuardedConnection owner, Statement statement, @Nullable String sql) {
    super(statement);
    this.owner = owner;
    this.sql = sql;
  }

  @Override
  public Connection getConnection() {
    return owner;
  }

  /** This guard for the JDBC interfaces it implements, else the driver's statement. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return statement.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || statement.isWrapperFor(iface);
  }

  @Override
  public ResultSet executeQuery(String q) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.executeQuery(q));
    }
    owner.beforeStandard();
    return statement.executeQuery(q);
  }

  @Override
  public int executeUpdate(String q) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.executeUpdate(q));
    }
    owner.beforeStandard();
    return statement.executeUpdate(q);
  }

  @Override
  public int executeUpdate(String q, int keys) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(
          ctx, SqlStatements.classify(q), 1, () -> statement.executeUpdate(q, keys));
    }
    owner.beforeStandard();
    return statement.executeUpdate(q, keys);
  }

  @Override
  public int executeUpdate(String q, int[] columns) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(
          ctx, SqlStatements.classify(q), 1, () -> statement.executeUpdate(q, columns));
    }
    owner.beforeStandard();
    return statement.executeUpdate(q, columns);
  }

  @Override
  public int executeUpdate(String q, String[] columns) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(
          ctx, SqlStatements.classify(q), 1, () -> statement.executeUpdate(q, columns));
    }
    owner.beforeStandard();
    return statement.executeUpdate(q, columns);
  }

  @Override
  public boolean execute(String q) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.execute(q));
    }
    owner.beforeStandard();
    return statement.execute(q);
  }

  @Override
  public boolean execute(String q, int keys) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.execute(q, keys));
    }
    owner.beforeStandard();
    return statement.execute(q, keys);
  }

  @Override
  public boolean execute(String q, int[] columns) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.execute(q, columns));
    }
    owner.beforeStandard();
    return statement.execute(q, columns);
  }

  @Override
  public boolean execute(String q, String[] columns) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.execute(q, columns));
    }
    owner.beforeStandard();
    return statement.execute(q, columns);
  }

  @Override
  public long executeLargeUpdate(String q) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, SqlStatements.classify(q), 1, () -> statement.executeLargeUpdate(q));
    }
    owner.beforeStandard();
    return statement.executeLargeUpdate(q);
  }

  @Override
  public long executeLargeUpdate(String q, int keys) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(
          ctx, SqlStatements.classify(q), 1, () -> statement.executeLargeUpdate(q, keys));
    }
    owner.beforeStandard();
    return statement.executeLargeUpdate(q, keys);
  }

  @Override
  public long executeLargeUpdate(String q, int[] columns) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(
          ctx, SqlStatements.classify(q), 1, () -> statement.executeLargeUpdate(q, columns));
    }
    owner.beforeStandard();
    return statement.executeLargeUpdate(q, columns);
  }

  @Override
  public long executeLargeUpdate(String q, String[] columns) throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(
          ctx, SqlStatements.classify(q), 1, () -> statement.executeLargeUpdate(q, columns));
    }
    owner.beforeStandard();
    return statement.executeLargeUpdate(q, columns);
  }

  @Override
  public void addBatch(String q) throws SQLException {
    statement.addBatch(q);
    batch.add(q);
  }

  @Override
  public void clearBatch() throws SQLException {
    statement.clearBatch();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, batchClassification(), batchSize(), this::executeBatchAndClear);
    }
    owner.beforeStandard();
    return executeBatchAndClear();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, batchClassification(), batchSize(), this::executeLargeBatchAndClear);
    }
    owner.beforeStandard();
    return executeLargeBatchAndClear();
  }

  int[] executeBatchAndClear() throws SQLException {
    try {
      return statement.executeBatch();
    } finally {
      batch.clear();
    }
  }

  long[] executeLargeBatchAndClear() throws SQLException {
    try {
      return statement.executeLargeBatch();
    } finally {
      batch.clear();
    }
  }

  /** How many statements the pending batch holds. */
  int batchSize() {
    return batch.size();
  }

  /**
   * The most severe classification among the batched statements: one implicit-commit statement
   * rejects the whole batch before any of it runs.
   */
  SqlStatements.Classified batchClassification() {
    SqlStatements.Classified worst = SqlStatements.classify(null);
    for (String q : batch) {
      SqlStatements.Classified c = SqlStatements.classify(q);
      if (c.kind().ordinal() > worst.kind().ordinal()) {
        worst = c;
      }
    }
    return worst;
  }
}
