package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.SideEffectRecorder;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.noop.internal.AsyncSqlTrace;
import io.contextkit.noop.internal.SqlStatements;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The TRACE guard of a Vert.x SQL client {@link Pool} — the pool of a Quarkus reactive datasource,
 * which Hibernate Reactive, the Mutiny pool and the application all use. The request type is read
 * at every operation ({@link RequestContexts#current()}: the thread's scope, else the request of
 * the Vert.x duplicated context), never when the pool or a connection is obtained.
 *
 * <p>Every connection checkout and every statement on the pool is counted in the runtime dependency
 * map ({@code DATASOURCE}, called, named after the datasource: {@code <default>} or its name),
 * timed, a failure as an error, STANDARD and TRACE apart.
 *
 * <p>Under TRACE:
 *
 * <ul>
 *   <li>A statement run on the pool itself (autocommit: {@code pool.query(..)}, {@code
 *       pool.preparedQuery(..)}) runs on a connection of the guard's inside a transaction that is
 *       rolled back as soon as it completes; its result or error is the statement's, so constraint
 *       violations surface as for real. A later statement does not see its writes.
 *   <li>Connections ({@code getConnection()}, and through it {@code withTransaction}, {@code
 *       withConnection}) are {@link TraceGuardedConnection}s: a transaction's commit becomes a
 *       rollback.
 *   <li>SQL that commits implicitly (DDL, {@code COMMIT}, {@code BEGIN}...) is rejected before it
 *       reaches the database; writes are reported ({@link AsyncSqlTrace}).
 * </ul>
 *
 * <p>Under STANDARD every call is the wrapped pool's.
 */
public final class TraceGuardedPool implements Pool, TraceGuarded, SqlRunner {

  private final Pool delegate;
  private final String name;
  private final String dataSource;
  private final Function<SqlConnection, SqlConnection> connectionFacade;

  /**
   * @param name the target TRACE reports name
   * @param dataSource the datasource's name, its edge in the runtime dependency map
   * @param connectionFacade turns a guarded connection into what the application receives (the
   *     guard itself, or a facade that also implements the driver's connection interface)
   */
  TraceGuardedPool(
      Pool delegate,
      String name,
      String dataSource,
      Function<SqlConnection, SqlConnection> connectionFacade) {
    this.delegate = delegate;
    this.name = name;
    this.dataSource = dataSource;
    this.connectionFacade = connectionFacade;
  }

  /**
   * Counts a connection checkout or a statement on the pool in the runtime dependency map when it
   * completes: timed, a failure as an error, STANDARD and TRACE apart (a TRACE statement reaches
   * the database, in a transaction rolled back).
   */
  private <T> Future<T> recorded(Future<T> future, long start, boolean trace) {
    return future.andThen(
        result ->
            ContextKit.dependencies()
                .edge(DependencyKind.DATASOURCE, DependencyDirection.CALLED, dataSource)
                .record(System.nanoTime() - start, result.failed(), trace));
  }

  /** The wrapped pool. */
  public Pool delegate() {
    return delegate;
  }

  /** The name reported as the target of transaction-level effects. */
  public String name() {
    return name;
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return acquire().map(connection -> connectionFacade.apply(connection));
  }

  private Future<TraceGuardedConnection> acquire() {
    RequestContext acquiredBy = RequestContexts.current();
    long start = System.nanoTime();
    return recorded(delegate.getConnection(), start, acquiredBy.isTrace())
        .map(connection -> new TraceGuardedConnection(connection, name, acquiredBy));
  }

  /**
   * As Vert.x does it, except that when TRACE work was held on the connection the result waits for
   * the connection's close, which rolls that work back: the request's report is complete when its
   * response is written.
   */
  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return acquire()
        .flatMap(
            connection ->
                function
                    .apply(connectionFacade.apply(connection))
                    .transform(
                        result -> {
                          boolean held = connection.holdsTraceWork();
                          Future<Void> closed = connection.close();
                          return held
                              ? closed.transform(ignored -> asFuture(result))
                              : asFuture(result);
                        }));
  }

  @Override
  public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
    getConnection().onComplete(handler);
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return TraceGuardedQuery.simple(this, sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return TraceGuardedQuery.prepared(this, sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new TraceGuardedQuery<>(this, sql, client -> client.preparedQuery(sql, options));
  }

  /**
   * A statement on the pool: as it is for STANDARD; for TRACE on a connection of its own, in a
   * transaction rolled back when the statement completes.
   */
  @Override
  public <R> Future<R> run(String sql, int batchSize, Function<SqlClient, Future<R>> call) {
    RequestContext context = RequestContexts.current();
    long start = System.nanoTime();
    if (!context.isTrace()) {
      return recorded(call.apply(delegate), start, false);
    }
    SideEffectRecorder recorder = context.sideEffects();
    SqlStatements.Classified statement = AsyncSqlTrace.classify(sql);
    SQLException rejected = AsyncSqlTrace.rejection(recorder, name, statement);
    if (rejected != null) {
      return Future.failedFuture(rejected);
    }
    return recorded(
        delegate
            .getConnection()
            .compose(
                connection ->
                    connection
                        .begin()
                        .compose(tx -> held(connection, tx, recorder, statement, batchSize, call))
                        .eventually(ignored -> connection.close())),
        start,
        true);
  }

  private <R> Future<R> held(
      SqlConnection connection,
      Transaction tx,
      SideEffectRecorder recorder,
      SqlStatements.Classified statement,
      int batchSize,
      Function<SqlClient, Future<R>> call) {
    return call.apply(connection)
        .transform(
            result -> {
              if (result.succeeded()) {
                AsyncSqlTrace.executed(recorder, statement, batchSize);
              }
              return tx.rollback()
                  .transform(
                      rollback -> {
                        boolean writes = AsyncSqlTrace.writes(statement);
                        if (rollback.failed()) {
                          if (writes) {
                            return Future.failedFuture(
                                AsyncSqlTrace.rollbackFailed(
                                    recorder, name, "an autocommit write", rollback.cause()));
                          }
                        } else if (writes && result.succeeded()) {
                          AsyncSqlTrace.heldWorkRolledBack(recorder, name);
                        }
                        return asFuture(result);
                      });
            });
  }

  private static <T> Future<T> asFuture(AsyncResult<T> result) {
    return result.succeeded()
        ? Future.succeededFuture(result.result())
        : Future.failedFuture(result.cause());
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public void close(Handler<AsyncResult<Void>> handler) {
    delegate.close(handler);
  }

  /**
   * Deprecated by Vert.x; the handler receives the wrapped pool's new connections before they enter
   * the pool (set-up code, no request runs there).
   */
  @Override
  @SuppressWarnings("deprecation")
  public Pool connectHandler(Handler<SqlConnection> handler) {
    delegate.connectHandler(handler);
    return this;
  }

  @Override
  @SuppressWarnings("deprecation")
  public Pool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
    delegate.connectionProvider(provider);
    return this;
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public String toString() {
    return "TraceGuardedPool[" + name + "]{" + delegate + "}";
  }
}
