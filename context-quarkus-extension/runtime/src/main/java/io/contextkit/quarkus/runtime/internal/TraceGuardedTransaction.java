package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffectRecorder;
import io.contextkit.noop.internal.AsyncSqlTrace;
import io.contextkit.noop.internal.SqlStatements;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Transaction;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A transaction of a {@link TraceGuardedConnection}. It belongs to a TRACE request when it was
 * begun under TRACE or a TRACE statement ran in it; its {@code commit()} then rolls back instead —
 * whatever context is current at the commit, so a TRACE transaction never commits even when its
 * context was lost on the way (reported as a violation to the request that owns it) — and succeeds
 * as the commit would, so the application, Hibernate Reactive and {@code Pool.withTransaction} go
 * on as after a commit. A failed rollback fails the commit and makes the outcome {@code committed:
 * unknown}.
 */
final class TraceGuardedTransaction implements Transaction {

  private final TraceGuardedConnection connection;
  private final Future<Transaction> delegate;
  private @Nullable SideEffectRecorder traceOwner;
  private boolean traceWrites;
  private volatile boolean commitTurnedIntoRollback;

  TraceGuardedTransaction(
      TraceGuardedConnection connection,
      Future<Transaction> delegate,
      @Nullable SideEffectRecorder traceOwner,
      boolean traceWrites) {
    this.connection = connection;
    this.delegate = delegate;
    this.traceOwner = traceOwner;
    this.traceWrites = traceWrites;
  }

  /** What {@code begin()} returns: this transaction once the database began it. */
  Future<Transaction> begun() {
    return delegate.<Transaction>map(this).onFailure(e -> connection.ended(this));
  }

  /** Runs a statement of this transaction under the TRACE rules of the current context. */
  <R> Future<R> run(
      RequestContext context, String sql, int batchSize, Supplier<Future<R>> statement) {
    if (!context.isTrace()) {
      return statement.get();
    }
    SideEffectRecorder recorder = context.sideEffects();
    SqlStatements.Classified classified = AsyncSqlTrace.classify(sql);
    SQLException rejected = AsyncSqlTrace.rejection(recorder, connection.name(), classified);
    if (rejected != null) {
      return Future.failedFuture(rejected);
    }
    synchronized (this) {
      if (traceOwner == null) {
        traceOwner = recorder;
      }
    }
    return statement
        .get()
        .onSuccess(
            result -> {
              AsyncSqlTrace.executed(recorder, classified, batchSize);
              if (AsyncSqlTrace.writes(classified)) {
                synchronized (this) {
                  traceWrites = true;
                }
              }
            });
  }

  @Override
  public Future<Void> commit() {
    RequestContext context = connection.context();
    SideEffectRecorder owner;
    boolean writes;
    synchronized (this) {
      owner = context.isTrace() ? context.sideEffects() : traceOwner;
      writes = traceWrites;
    }
    if (owner == null) {
      return delegate.compose(Transaction::commit).onComplete(ar -> connection.ended(this));
    }
    boolean contextLost = !context.isTrace();
    commitTurnedIntoRollback = true;
    return delegate
        .compose(Transaction::rollback)
        .transform(
            rollback -> {
              connection.ended(this);
              if (rollback.failed()) {
                return Future.<Void>failedFuture(
                    AsyncSqlTrace.rollbackFailed(
                        owner, connection.name(), "commit()", rollback.cause()));
              }
              if (writes) {
                AsyncSqlTrace.rolledBackInsteadOfCommit(owner, connection.name());
              }
              if (contextLost) {
                AsyncSqlTrace.committedWithoutContext(owner, connection.name());
              }
              return Future.<Void>succeededFuture();
            });
  }

  @Override
  public void commit(Handler<AsyncResult<Void>> handler) {
    commit().onComplete(handler);
  }

  @Override
  public Future<Void> rollback() {
    return delegate.compose(Transaction::rollback).onComplete(ar -> connection.ended(this));
  }

  @Override
  public void rollback(Handler<AsyncResult<Void>> handler) {
    rollback().onComplete(handler);
  }

  /** Succeeds when the application's commit was turned into a rollback, as the commit would. */
  @Override
  public Future<Void> completion() {
    return delegate
        .compose(Transaction::completion)
        .recover(
            failure ->
                commitTurnedIntoRollback
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(failure));
  }

  @Override
  public void completion(Handler<AsyncResult<Void>> handler) {
    completion().onComplete(handler);
  }

  @Override
  public String toString() {
    return "TraceGuardedTransaction[" + connection.name() + "]";
  }
}
