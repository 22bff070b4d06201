package io.contextkit.quarkus.runtime.internal;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * A query or prepared query of a guarded pool or connection: each execution goes through the {@link
 * SqlRunner} of its owner, which applies the TRACE rules. The query itself is re-created on the
 * client the runner hands it ({@code factory}), since a TRACE statement of a pool runs on a
 * connection of the guard's, not on the pool.
 *
 * <p>A plain {@link Query} (from {@code query(sql)}) is wrapped as a {@link PreparedQuery} too; its
 * tuple methods are never reached, because callers see it typed as {@code Query}.
 */
final class TraceGuardedQuery<T> implements PreparedQuery<T> {

  private final SqlRunner runner;
  private final String sql;
  private final Function<SqlClient, Query<T>> factory;

  TraceGuardedQuery(SqlRunner runner, String sql, Function<SqlClient, Query<T>> factory) {
    this.runner = runner;
    this.sql = sql;
    this.factory = factory;
  }

  /** The guarded {@code query(sql)} of a client. */
  static TraceGuardedQuery<RowSet<Row>> simple(SqlRunner runner, String sql) {
    return new TraceGuardedQuery<>(runner, sql, client -> client.query(sql));
  }

  /** The guarded {@code preparedQuery(sql)} of a client. */
  static TraceGuardedQuery<RowSet<Row>> prepared(SqlRunner runner, String sql) {
    return new TraceGuardedQuery<>(runner, sql, client -> client.preparedQuery(sql));
  }

  private PreparedQuery<T> preparedOn(SqlClient client) {
    return (PreparedQuery<T>) factory.apply(client);
  }

  @Override
  public Future<T> execute() {
    return runner.run(sql, 1, client -> factory.apply(client).execute());
  }

  @Override
  public void execute(Handler<AsyncResult<T>> handler) {
    execute().onComplete(handler);
  }

  @Override
  public Future<T> execute(Tuple tuple) {
    return runner.run(sql, 1, client -> preparedOn(client).execute(tuple));
  }

  @Override
  public void execute(Tuple tuple, Handler<AsyncResult<T>> handler) {
    execute(tuple).onComplete(handler);
  }

  @Override
  public Future<T> executeBatch(List<Tuple> batch) {
    return runner.run(sql, batch.size(), client -> preparedOn(client).executeBatch(batch));
  }

  @Override
  public void executeBatch(List<Tuple> batch, Handler<AsyncResult<T>> handler) {
    executeBatch(batch).onComplete(handler);
  }

  @Override
  public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
    return new TraceGuardedQuery<SqlResult<R>>(
        runner, sql, client -> factory.apply(client).collecting(collector));
  }

  @Override
  public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
    return new TraceGuardedQuery<RowSet<U>>(
        runner, sql, client -> factory.apply(client).mapping(mapper));
  }

  @Override
  public String toString() {
    return "TraceGuardedQuery[" + sql + "]";
  }
}
