package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A prepared statement under the TRACE protocol. Its SQL is classified once, lazily, at the first
 * execution under TRACE, so STANDARD executions never pay for it.
 */
class GuardedPreparedStatement extends DelegatingPreparedStatement {

  private SqlStatements.@Nullable Classified classified;
  private int batched;

  GuardedPreparedStatement(
      GuardedConnection owner, PreparedStatement prepared, @Nullable String sql) {
    super(owner, prepared, sql);
  }

  private SqlStatements.Classified classified() {
    SqlStatements.Classified c = classified;
    if (c == null) {
      c = SqlStatements.classify(sql);
      classified = c;
    }
    return c;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, classified(), 1, prepared::executeQuery);
    }
    owner.beforeStandard();
    return prepared.executeQuery();
  }

  @Override
  public int executeUpdate() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, classified(), 1, prepared::executeUpdate);
    }
    owner.beforeStandard();
    return prepared.executeUpdate();
  }

  @Override
  public boolean execute() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, classified(), 1, prepared::execute);
    }
    owner.beforeStandard();
    return prepared.execute();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    RequestContext ctx = RequestContext.current();
    if (ctx.isTrace()) {
      return owner.traced(ctx, classified(), 1, prepared::executeLargeUpdate);
    }
    owner.beforeStandard();
    return prepared.executeLargeUpdate();
  }

  @Override
  public void addBatch() throws SQLException {
    prepared.addBatch();
    batched++;
  }

  @Override
  public void clearBatch() throws SQLException {
    super.clearBatch();
    batched = 0;
  }

  @Override
  int batchSize() {
    return batched + super.batchSize();
  }

  @Override
  SqlStatements.Classified batchClassification() {
    SqlStatements.Classified extra = super.batchClassification();
    SqlStatements.Classified own = classified();
    return extra.kind().ordinal() > own.kind().ordinal() ? extra : own;
  }

  @Override
  int[] executeBatchAndClear() throws SQLException {
    try {
      return super.executeBatchAndClear();
    } finally {
      batched = 0;
    }
  }

  @Override
  long[] executeLargeBatchAndClear() throws SQLException {
    try {
      return super.executeLargeBatchAndClear();
    } finally {
      batched = 0;
    }
  }
}
