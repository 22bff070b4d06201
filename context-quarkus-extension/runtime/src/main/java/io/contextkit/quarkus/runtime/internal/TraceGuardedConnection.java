package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffectRecorder;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.noop.internal.AsyncSqlTrace;
import io.contextkit.noop.internal.SqlStatements;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.spi.DatabaseMetadata;
import java.sql.SQLException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A connection of a {@link TraceGuardedPool}. The request type is read at every operation ({@link
 * #context()}).
 *
 * <ul>
 *   <li>{@code begin()} returns a {@link TraceGuardedTransaction}, whose {@code commit()} is a
 *       rollback when the transaction is a TRACE request's (begun under TRACE, or TRACE statements
 *       ran in it).
 *   <li>A TRACE statement outside the application's transaction (autocommit) runs inside a
 *       transaction of the guard's, kept open so that later statements of the same unit of work
 *       read its writes (a Hibernate Reactive flush outside a transaction), and rolled back when
 *       the connection is closed, before a STANDARD statement uses it, or — becoming the
 *       application's transaction — when the application commits a transaction it begins
 *       afterwards.
 *   <li>SQL that commits implicitly is rejected; writes are reported ({@link AsyncSqlTrace}).
 * </ul>
 *
 * <p>Known limit of the kept-open transaction: after a failed TRACE statement outside a
 * transaction, PostgreSQL refuses the following statements of that connection until the end of the
 * unit of work, where for real each autocommit statement stands alone.
 */
final class TraceGuardedConnection implements SqlConnection, TraceGuarded, SqlRunner {

  private final SqlConnection delegate;
  private final String name;
  private final RequestContext acquiredBy;
  private @Nullable TraceGuardedTransaction transaction;
  private @Nullable Future<Transaction> held;
  private @Nullable SideEffectRecorder heldOwner;
  private boolean heldWrites;

  TraceGuardedConnection(SqlConnection delegate, String name, RequestContext acquiredBy) {
    this.delegate = delegate;
    this.name = name;
    this.acquiredBy = acquiredBy;
  }

  /**
   * The context an operation runs under: the current one ({@link RequestContexts#current()}), but a
   * connection a TRACE request acquired stays TRACE for as long as it is used. Vert.x runs the
   * callbacks of a connection obtained off the request's event loop (after {@code emitOn} to a
   * worker) on an event loop of its own, where no scope is open and the request's duplicated
   * context is not current: without this, the statements and the commit chained there would run as
   * STANDARD.
   */
  RequestContext context() {
    RequestContext current = RequestContexts.current();
    return current.isTrace() || !acquiredBy.isTrace() ? current : acquiredBy;
  }

  /** The wrapped connection. */
  SqlConnection delegate() {
    return delegate;
  }

  String name() {
    return name;
  }

  @Override
  public <R> Future<R> run(String sql, int batchSize, Function<SqlClient, Future<R>> call) {
    RequestContext context = context();
    TraceGuardedTransaction tx;
    synchronized (this) {
      tx = transaction;
    }
    if (tx != null) {
      return tx.run(context, sql, batchSize, () -> call.apply(delegate));
    }
    if (!context.isTrace()) {
      Future<Void> pending = endHeldWork();
      return pending == null ? call.apply(delegate) : pending.compose(v -> call.apply(delegate));
    }
    SideEffectRecorder recorder = context.sideEffects();
    SqlStatements.Classified statement = AsyncSqlTrace.classify(sql);
    SQLException rejected = AsyncSqlTrace.rejection(recorder, name, statement);
    if (rejected != null) {
      return Future.failedFuture(rejected);
    }
    Future<Void> previous = null;
    Future<Transaction> unit;
    synchronized (this) {
      if (held != null && heldOwner != recorder) {
        // Another TRACE request's work is still held on this connection: it must not become ours.
        previous = endHeldWork();
      }
      if (held == null) {
        held = previous == null ? delegate.begin() : previous.compose(v -> delegate.begin());
        heldOwner = recorder;
        heldWrites = false;
      }
      unit = held;
    }
    return unit.compose(ignored -> call.apply(delegate))
        .onSuccess(
            result -> {
              AsyncSqlTrace.executed(recorder, statement, batchSize);
              if (AsyncSqlTrace.writes(statement)) {
                synchronized (this) {
                  heldWrites = true;
                }
              }
            });
  }

  /** Whether TRACE work outside the application's transactions waits for its rollback. */
  synchronized boolean holdsTraceWork() {
    return held != null;
  }

  /**
   * Rolls back the TRACE work held outside the application's transactions and reports it to the
   * request that owns it.
   *
   * @return {@code null} when nothing was held, else the rollback's completion
   */
  private @Nullable Future<Void> endHeldWork() {
    Future<Transaction> unit;
    SideEffectRecorder owner;
    boolean writes;
    synchronized (this) {
      unit = held;
      owner = heldOwner;
      writes = heldWrites;
      held = null;
      heldOwner = null;
      heldWrites = false;
    }
    if (unit == null || owner == null) {
      return null;
    }
    return unit.transform(
        begun -> {
          if (begun.failed()) {
            return Future.<Void>succeededFuture();
          }
          return begun
              .result()
              .rollback()
              .transform(
                  rollback -> {
                    if (rollback.failed() && writes) {
                      return Future.<Void>failedFuture(
                          AsyncSqlTrace.rollbackFailed(
                              owner, name, "autocommit work", rollback.cause()));
                    }
                    if (writes) {
                      AsyncSqlTrace.heldWorkRolledBack(owner, name);
                    }
                    return Future.<Void>succeededFuture();
                  });
        });
  }

  @Override
  public Future<Transaction> begin() {
    RequestContext context = context();
    SideEffectRecorder recorder = context.isTrace() ? context.sideEffects() : null;
    TraceGuardedTransaction tx;
    Future<Void> previous = null;
    synchronized (this) {
      if (transaction != null) {
        throw new IllegalStateException("A transaction is already in progress on this connection");
      }
      if (held != null && recorder != null && heldOwner == recorder) {
        // The TRACE unit of work begins a transaction after autocommit writes: keep them, so it
        // reads its own writes, and let the transaction's end roll everything back.
        tx = new TraceGuardedTransaction(this, held, recorder, heldWrites);
        held = null;
        heldOwner = null;
        heldWrites = false;
        transaction = tx;
        return tx.begun();
      }
      if (held != null) {
        previous = endHeldWork();
      }
      Future<Transaction> begun =
          previous == null ? delegate.begin() : previous.compose(v -> delegate.begin());
      tx = new TraceGuardedTransaction(this, begun, recorder, false);
      transaction = tx;
    }
    return tx.begun();
  }

  @Override
  public void begin(Handler<AsyncResult<Transaction>> handler) {
    begin().onComplete(handler);
  }

  /** Called by the transaction when it has ended. */
  synchronized void ended(TraceGuardedTransaction tx) {
    if (transaction == tx) {
      transaction = null;
    }
  }

  @Override
  public synchronized @Nullable Transaction transaction() {
    return transaction;
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

  @Override
  public Future<PreparedStatement> prepare(String sql) {
    return delegate.prepare(sql).map(ps -> new TraceGuardedPreparedStatement(this, ps, sql));
  }

  @Override
  public SqlConnection prepare(String sql, Handler<AsyncResult<PreparedStatement>> handler) {
    prepare(sql).onComplete(handler);
    return this;
  }

  @Override
  public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
    return delegate
        .prepare(sql, options)
        .map(ps -> new TraceGuardedPreparedStatement(this, ps, sql));
  }

  @Override
  public SqlConnection prepare(
      String sql, PrepareOptions options, Handler<AsyncResult<PreparedStatement>> handler) {
    prepare(sql, options).onComplete(handler);
    return this;
  }

  @Override
  public SqlConnection exceptionHandler(Handler<Throwable> handler) {
    delegate.exceptionHandler(handler);
    return this;
  }

  @Override
  public SqlConnection closeHandler(Handler<Void> handler) {
    delegate.closeHandler(handler);
    return this;
  }

  @Override
  public boolean isSSL() {
    return delegate.isSSL();
  }

  @Override
  public DatabaseMetadata databaseMetadata() {
    return delegate.databaseMetadata();
  }

  /** Rolls back held TRACE work, then closes (which rolls back an unfinished transaction). */
  @Override
  public Future<Void> close() {
    Future<Void> pending = endHeldWork();
    if (pending == null) {
      return delegate.close();
    }
    return pending.transform(
        ended ->
            delegate
                .close()
                .compose(
                    v ->
                        ended.succeeded()
                            ? Future.succeededFuture()
                            : Future.failedFuture(ended.cause())));
  }

  @Override
  public void close(Handler<AsyncResult<Void>> handler) {
    close().onComplete(handler);
  }

  @Override
  public String toString() {
    return "TraceGuardedConnection[" + name + "]{" + delegate + "}";
  }
}
