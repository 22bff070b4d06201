package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import io.contextkit.noop.TraceReport;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * An R2DBC connection that, under a TRACE context, never commits; see {@code
 * TraceGuardConnectionFactory} for the contract. The request type is resolved when each operation
 * is subscribed ({@link ReactorRequestContexts}), never at acquisition; the acquiring subscriber's
 * context is only the last resort for a subscriber that has none.
 *
 * <p>State kept per connection, only while TRACE work is pending (the twin of {@link
 * GuardedConnection}'s):
 *
 * <ul>
 *   <li>{@code switchedAutoCommit}: the application believes autocommit is on, but the guard began
 *       a transaction to hold TRACE writes; it is rolled back at commit, close, or the next
 *       STANDARD operation.
 *   <li>{@code traceWork} / {@code traceUnsafe}: a statement (a non-read statement) ran under TRACE
 *       since the transaction began.
 * </ul>
 *
 * <p>Like R2DBC connections themselves, meant for one operation at a time; the state is volatile
 * because consecutive operations may run on different threads.
 */
public final class GuardedR2dbcConnection implements Connection, Wrapped<Connection> {

  /** SQLState of the exceptions this guard raises: "invalid transaction state". */
  public static final String SQL_STATE = GuardedConnection.SQL_STATE;

  private final Connection connection;
  private final String name;
  private final RequestContext acquiredBy;
  private volatile boolean switchedAutoCommit;
  private volatile boolean traceWork;
  private volatile boolean traceUnsafe;
  private volatile @Nullable SideEffectRecorder traceOwner;

  /**
   * @param acquiredBy the context of the subscriber that acquired the connection, the last resort
   *     when an operation's own subscriber has no context at all
   */
  public GuardedR2dbcConnection(Connection connection, String name, RequestContext acquiredBy) {
    this.connection = connection;
    this.name = name;
    this.acquiredBy = acquiredBy;
  }

  private RequestContext context(ContextView view) {
    return ReactorRequestContexts.of(view, acquiredBy);
  }

  /** The wrapped connection. */
  public Connection delegate() {
    return connection;
  }

  // ---- the TRACE protocol, used by statements and batches ----

  /**
   * Executes {@code call} (a statement's or batch's {@code execute}) under the protocol of the
   * subscriber's request type; {@code sql} is asked only under TRACE.
   */
  Flux<Result> execute(
      Supplier<SqlStatements.Classified> sql,
      Supplier<Integer> batchSize,
      Supplier<Publisher<? extends Result>> call) {
    return Flux.deferContextual(
        view -> {
          RequestContext ctx = context(view);
          if (ctx.isTrace()) {
            return CurrentDuringSignals.apply(
                traced(ctx.sideEffects(), sql.get(), batchSize.get(), call)
                    .map(result -> (Result) new GuardedR2dbcResult(result, ctx)),
                ctx);
          }
          if (!switchedAutoCommit && !traceWork) {
            return Flux.<Result>from(call.get());
          }
          return beforeStandard().thenMany(Flux.<Result>defer(() -> Flux.<Result>from(call.get())));
        });
  }

  private Flux<Result> traced(
      SideEffectRecorder recorder,
      SqlStatements.Classified sql,
      int batchSize,
      Supplier<Publisher<? extends Result>> call) {
    if (sql.kind() == SqlStatements.Kind.IMPLICIT_COMMIT) {
      recorder.record(
          new SideEffect(
              SideEffect.Kind.VIOLATION, name, "rejected " + sql.verb() + ": commits implicitly"));
      return Flux.error(
          new R2dbcNonTransientResourceException(
              "TRACE request: '"
                  + sql.verb()
                  + "' commits implicitly or cannot be rolled back on some databases, so it is"
                  + " rejected under TRACE (nothing was executed)",
              SQL_STATE));
    }
    Mono<Void> prepare =
        Mono.defer(
            () -> {
              SideEffectRecorder owner = traceOwner;
              // Another TRACE request's work still pending on this connection must not become ours.
              Mono<Void> foreign =
                  owner != null && owner != recorder ? endTraceWork(false) : Mono.empty();
              return foreign.then(Mono.defer(this::holdAutoCommitWork));
            });
    boolean write = sql.kind() != SqlStatements.Kind.READ;
    return prepare.thenMany(
        Flux.defer(
            () -> {
              traceOwner = recorder;
              traceWork = true;
              if (write) {
                traceUnsafe = true;
              }
              AtomicBoolean reported = new AtomicBoolean();
              Runnable report =
                  () -> {
                    if (sql.kind() == SqlStatements.Kind.WRITE
                        && reported.compareAndSet(false, true)) {
                      report(recorder, sql, batchSize);
                    }
                  };
              return Flux.<Result>from(call.get()).doOnNext(r -> report.run()).doOnComplete(report);
            }));
  }

  /** In autocommit mode, begins the transaction that holds the TRACE unit's writes. */
  private Mono<Void> holdAutoCommitWork() {
    if (switchedAutoCommit || !connection.isAutoCommit()) {
      return Mono.empty();
    }
    return Mono.from(connection.beginTransaction())
        .then(Mono.fromRunnable(() -> switchedAutoCommit = true));
  }

  private void report(SideEffectRecorder recorder, SqlStatements.Classified sql, int batchSize) {
    String summary =
        batchSize > 1 ? sql.summary() + " (batch of " + batchSize + ")" : sql.summary();
    recorder.record(new SideEffect(SideEffect.Kind.STATEMENT, sql.target(), summary));
  }

  /**
   * Subscribed before every STANDARD operation: TRACE work still pending on this connection is
   * rolled back first, so it can never be committed by a STANDARD request. Fails when that work sat
   * inside a transaction the STANDARD code continues: it was rolled back, which the caller must
   * learn.
   */
  private Mono<Void> beforeStandard() {
    return Mono.defer(
        () -> {
          if (!switchedAutoCommit && !traceWork) {
            return Mono.empty();
          }
          boolean insideApplicationTransaction = !switchedAutoCommit && traceUnsafe;
          Mono<Void> end = endTraceWork(false);
          return insideApplicationTransaction
              ? end.then(
                  Mono.error(
                      new R2dbcNonTransientResourceException(
                          "This connection held uncommitted work of a TRACE request when a STANDARD"
                              + " request used it; that transaction was rolled back",
                          SQL_STATE)))
              : end;
        });
  }

  /** Rolls back pending TRACE work, restores autocommit, reports it to the owning request. */
  private Mono<Void> endTraceWork(boolean atClose) {
    return Mono.defer(
        () -> {
          SideEffectRecorder owner = traceOwner;
          boolean unsafe = traceUnsafe;
          boolean switched = switchedAutoCommit;
          clearTraceState();
          return Mono.from(connection.rollbackTransaction())
              .onErrorMap(
                  e -> {
                    if (owner != null) {
                      owner.record(
                          TraceReport.rollbackFailed(name, String.valueOf(e.getMessage())));
                    }
                    return new R2dbcNonTransientResourceException(
                        "TRACE request: rolling back its work failed; committed: unknown",
                        SQL_STATE,
                        e);
                  })
              .then(
                  Mono.fromRunnable(
                      () -> {
                        if (owner != null && unsafe) {
                          owner.record(
                              new SideEffect(
                                  SideEffect.Kind.TRANSACTION,
                                  name,
                                  (switched ? "autocommit work rolled back" : "rolled back")
                                      + (atClose ? " at close" : "")));
                        }
                      }))
              .then(switched ? restoreAutoCommit() : Mono.empty());
        });
  }

  private Mono<Void> rollbackInsteadOfCommit(SideEffectRecorder recorder, String what) {
    return Mono.defer(
        () -> {
          if (switchedAutoCommit) {
            // In autocommit mode the commit would commit nothing: the held work just ends here.
            return endTraceWork(false);
          }
          boolean unsafe = traceUnsafe;
          clearTraceState();
          return Mono.from(connection.rollbackTransaction())
              .onErrorMap(
                  e -> {
                    recorder.record(
                        TraceReport.rollbackFailed(name, String.valueOf(e.getMessage())));
                    return new R2dbcNonTransientResourceException(
                        "TRACE request: "
                            + what
                            + " was turned into a rollback, which failed; committed: unknown",
                        SQL_STATE,
                        e);
                  })
              .then(
                  Mono.fromRunnable(
                      () -> {
                        if (unsafe) {
                          recorder.record(
                              new SideEffect(
                                  SideEffect.Kind.TRANSACTION,
                                  name,
                                  what + " turned into rollback"));
                          recorder.record(
                              new SideEffect(
                                  SideEffect.Kind.VIOLATION,
                                  name,
                                  what + " reached the R2DBC connection under TRACE; rolled back"));
                        }
                      }));
        });
  }

  /** Drivers that keep autocommit off after the guard's transaction ended get it back on. */
  private Mono<Void> restoreAutoCommit() {
    return Mono.defer(
        () -> connection.isAutoCommit() ? Mono.empty() : Mono.from(connection.setAutoCommit(true)));
  }

  private void clearTraceState() {
    traceWork = false;
    traceUnsafe = false;
    traceOwner = null;
    switchedAutoCommit = false;
  }

  // ---- connection methods the guard changes ----

  @Override
  public Publisher<Void> beginTransaction() {
    return begin(connection::beginTransaction);
  }

  @Override
  public Publisher<Void> beginTransaction(TransactionDefinition definition) {
    return begin(() -> connection.beginTransaction(definition));
  }

  private Mono<Void> begin(Supplier<Publisher<Void>> begin) {
    return Mono.deferContextual(
        view -> {
          RequestContext ctx = context(view);
          // The application now begins a transaction of its own: held autocommit work ends first,
          // since the transaction's settings (isolation, read-only) must come before any query.
          Mono<Void> before =
              ctx.isTrace()
                  ? (switchedAutoCommit ? endTraceWork(false) : Mono.empty())
                  : beforeStandard();
          return before.then(Mono.defer(() -> Mono.from(begin.get())));
        });
  }

  @Override
  public Publisher<Void> commitTransaction() {
    return Mono.deferContextual(
        view -> {
          RequestContext ctx = context(view);
          if (ctx.isTrace()) {
            return currentForTrace(
                rollbackInsteadOfCommit(ctx.sideEffects(), "commitTransaction()"), ctx);
          }
          return beforeStandard().then(Mono.defer(() -> Mono.from(connection.commitTransaction())));
        });
  }

  @Override
  public Publisher<Void> rollbackTransaction() {
    return Mono.deferContextual(
        view -> {
          RequestContext ctx = context(view);
          Mono<Void> before = ctx.isTrace() ? Mono.empty() : beforeStandard();
          return currentForTrace(
              before.then(
                  Mono.defer(
                      () -> {
                        if (switchedAutoCommit) {
                          return endTraceWork(false);
                        }
                        clearTraceState();
                        return Mono.from(connection.rollbackTransaction());
                      })),
              ctx);
        });
  }

  @Override
  public Publisher<Void> setAutoCommit(boolean autoCommit) {
    return Mono.deferContextual(
        view -> {
          RequestContext ctx = context(view);
          if (!ctx.isTrace()) {
            return beforeStandard()
                .then(Mono.defer(() -> Mono.from(connection.setAutoCommit(autoCommit))));
          }
          if (autoCommit) {
            if (switchedAutoCommit) {
              return Mono.empty(); // already on, as far as the application can tell
            }
            if (!connection.isAutoCommit()) {
              // Switching autocommit on commits the open transaction: roll it back instead.
              return rollbackInsteadOfCommit(ctx.sideEffects(), "setAutoCommit(true)")
                  .then(Mono.defer(() -> Mono.from(connection.setAutoCommit(true))));
            }
            return Mono.from(connection.setAutoCommit(true));
          }
          // The application begins a transaction: keep the held autocommit work so it reads its
          // own writes, and let the transaction's end roll it all back.
          switchedAutoCommit = false;
          return Mono.from(connection.setAutoCommit(false));
        });
  }

  @Override
  public boolean isAutoCommit() {
    return switchedAutoCommit || connection.isAutoCommit();
  }

  @Override
  public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
    // The application believes no transaction is open when autocommit was switched, and databases
    // refuse a transaction's isolation after its first query: end the held work first.
    return Mono.deferContextual(
        view -> {
          Mono<Void> before =
              context(view).isTrace()
                  ? (switchedAutoCommit ? endTraceWork(false) : Mono.empty())
                  : beforeStandard();
          return before.then(
              Mono.defer(() -> Mono.from(connection.setTransactionIsolationLevel(isolationLevel))));
        });
  }

  @Override
  public Publisher<Void> setLockWaitTimeout(Duration timeout) {
    return standardFirst(() -> connection.setLockWaitTimeout(timeout));
  }

  @Override
  public Publisher<Void> setStatementTimeout(Duration timeout) {
    return standardFirst(() -> connection.setStatementTimeout(timeout));
  }

  @Override
  public Publisher<Void> createSavepoint(String savepoint) {
    return standardFirst(() -> connection.createSavepoint(savepoint));
  }

  @Override
  public Publisher<Void> releaseSavepoint(String savepoint) {
    return standardFirst(() -> connection.releaseSavepoint(savepoint));
  }

  @Override
  public Publisher<Void> rollbackTransactionToSavepoint(String savepoint) {
    return standardFirst(() -> connection.rollbackTransactionToSavepoint(savepoint));
  }

  /** Runs {@code operation}; for a STANDARD subscriber, after pending TRACE work is rolled back. */
  private Mono<Void> standardFirst(Supplier<Publisher<Void>> operation) {
    return Mono.deferContextual(
        view -> {
          Mono<Void> before = context(view).isTrace() ? Mono.empty() : beforeStandard();
          return before.then(Mono.defer(() -> Mono.from(operation.get())));
        });
  }

  @Override
  public Publisher<Void> close() {
    return Mono.deferContextual(
        view -> {
          Mono<Void> close = Mono.defer(() -> Mono.from(connection.close()));
          Mono<Void> closing =
              !switchedAutoCommit && !traceWork
                  ? close
                  // The pool gets the connection back without the TRACE work, even when ending it
                  // failed.
                  : endTraceWork(true).onErrorResume(e -> close.then(Mono.error(e))).then(close);
          return currentForTrace(closing, context(view));
        });
  }

  /**
   * Under TRACE, {@code operation}'s completion is delivered with the TRACE context current: what
   * completes after it synchronously (a {@code DatabaseClient} result emitted once its connection
   * is released, an after-save callback, an event listener it publishes to) belongs to the TRACE
   * request, whatever thread the driver completes on.
   */
  private static Mono<Void> currentForTrace(Mono<Void> operation, RequestContext ctx) {
    return ctx.isTrace() ? Mono.from(CurrentDuringSignals.apply(operation, ctx)) : operation;
  }

  @Override
  public Statement createStatement(String sql) {
    return new GuardedR2dbcStatement(this, connection.createStatement(sql), sql);
  }

  @Override
  public Batch createBatch() {
    return new GuardedR2dbcBatch(this, connection.createBatch());
  }

  @Override
  public Publisher<Boolean> validate(ValidationDepth depth) {
    return connection.validate(depth);
  }

  @Override
  public ConnectionMetadata getMetadata() {
    return connection.getMetadata();
  }

  @Override
  public IsolationLevel getTransactionIsolationLevel() {
    return connection.getTransactionIsolationLevel();
  }

  /** The driver's (or pool's) connection: an explicit escape hatch that is not guarded. */
  @Override
  public Connection unwrap() {
    return connection;
  }

  @Override
  public String toString() {
    return "GuardedR2dbcConnection[" + name + "]{" + connection + "}";
  }
}
