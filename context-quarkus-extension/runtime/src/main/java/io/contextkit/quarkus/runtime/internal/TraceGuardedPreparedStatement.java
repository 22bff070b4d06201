package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.internal.AsyncSqlTrace;
import io.contextkit.noop.internal.SqlStatements;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.sql.SQLException;

/**
 * A prepared statement of a {@link TraceGuardedConnection}: its executions follow the connection's
 * TRACE rules. Cursors and row streams are for reading; under TRACE one over SQL that writes is
 * refused (reported as a violation), since its rows are fetched outside the guard's protocol.
 */
final class TraceGuardedPreparedStatement implements PreparedStatement {

  private final TraceGuardedConnection connection;
  private final PreparedStatement delegate;
  private final String sql;

  TraceGuardedPreparedStatement(
      TraceGuardedConnection connection, PreparedStatement delegate, String sql) {
    this.connection = connection;
    this.delegate = delegate;
    this.sql = sql;
  }

  @Override
  public PreparedQuery<RowSet<Row>> query() {
    return new TraceGuardedQuery<>(connection, sql, ignored -> delegate.query());
  }

  @Override
  public Cursor cursor(Tuple args) {
    checkReads();
    return delegate.cursor(args);
  }

  @Override
  public RowStream<Row> createStream(int fetch, Tuple args) {
    checkReads();
    return delegate.createStream(fetch, args);
  }

  private void checkReads() {
    RequestContext context = connection.context();
    if (!context.isTrace()) {
      return;
    }
    SqlStatements.Classified classified = AsyncSqlTrace.classify(sql);
    SQLException rejected =
        AsyncSqlTrace.rejection(context.sideEffects(), connection.name(), classified);
    if (rejected == null && AsyncSqlTrace.writes(classified)) {
      context
          .sideEffects()
          .record(
              new SideEffect(
                  SideEffect.Kind.VIOLATION,
                  connection.name(),
                  "refused " + classified.summary() + " through a cursor or row stream"));
      rejected =
          new SQLException(
              "TRACE request: SQL that writes cannot run through a cursor or row stream under"
                  + " TRACE (nothing was executed)",
              AsyncSqlTrace.SQL_STATE);
    }
    if (rejected != null) {
      throw new IllegalStateException(rejected.getMessage(), rejected);
    }
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public void close(Handler<AsyncResult<Void>> handler) {
    delegate.close(handler);
  }
}
