package io.contextkit.noop.internal;

import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import io.contextkit.noop.TraceReport;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The TRACE rules for SQL clients that run statements asynchronously (the Vert.x SQL client under
 * Hibernate Reactive and Quarkus' reactive datasources): what a TRACE request may execute and how
 * its work is reported. Framework-free: the clients' wrappers keep the per-connection state and
 * call these rules, so the decisions and the report entries are those of the JDBC guard ({@link
 * GuardedConnection}).
 *
 * <p>On such a client the wrapper of the pool is the only layer between the application and the
 * database (there is no transaction manager above it), so it is the primary TRACE mechanism, not a
 * backstop: a commit it turns into a rollback and a write it holds in a transaction that is rolled
 * back are reported as {@link SideEffect.Kind#TRANSACTION}s, not as violations. Violations are what
 * the JDBC guard treats as such too: SQL that commits implicitly (rejected before it runs) and a
 * TRACE transaction that reaches its commit after its context was lost; a failed rollback makes the
 * outcome {@code committed: unknown}.
 */
public final class AsyncSqlTrace {

  /** SQLState of the exceptions the rules produce: 25000, "invalid transaction state". */
  public static final String SQL_STATE = GuardedConnection.SQL_STATE;

  private AsyncSqlTrace() {}

  /** Classifies the SQL text of a statement about to run. */
  public static SqlStatements.Classified classify(@Nullable String sql) {
    return SqlStatements.classify(sql);
  }

  /**
   * Whether a TRACE request may execute {@code sql}: SQL that commits implicitly or cannot be
   * rolled back on some database (DDL, {@code COMMIT}, {@code BEGIN}...) is refused and reported as
   * a {@link SideEffect.Kind#VIOLATION}; nothing of it reaches the database.
   *
   * @return {@code null} when the statement may run, else the exception to fail it with
   */
  public static @Nullable SQLException rejection(
      SideEffectRecorder recorder, String target, SqlStatements.Classified sql) {
    if (sql.kind() != SqlStatements.Kind.IMPLICIT_COMMIT) {
      return null;
    }
    recorder.record(
        new SideEffect(
            SideEffect.Kind.VIOLATION, target, "rejected " + sql.verb() + ": commits implicitly"));
    return new SQLException(
        "TRACE request: '"
            + sql.verb()
            + "' commits implicitly or cannot be rolled back on some databases, so it is rejected"
            + " under TRACE (nothing was executed)",
        SQL_STATE);
  }

  /** Whether a statement of this kind changes data (so its transaction has something to undo). */
  public static boolean writes(SqlStatements.Classified sql) {
    return sql.kind() != SqlStatements.Kind.READ;
  }

  /**
   * Reports a write statement a TRACE request executed (inside a transaction that will be rolled
   * back): {@code INSERT fruit}, or {@code INSERT fruit (batch of 3)}.
   */
  public static void executed(
      SideEffectRecorder recorder, SqlStatements.Classified sql, int batchSize) {
    if (sql.kind() != SqlStatements.Kind.WRITE) {
      return;
    }
    String summary =
        batchSize > 1 ? sql.summary() + " (batch of " + batchSize + ")" : sql.summary();
    recorder.record(new SideEffect(SideEffect.Kind.STATEMENT, sql.target(), summary));
  }

  /** Reports a TRACE transaction whose commit was turned into a rollback. */
  public static void rolledBackInsteadOfCommit(SideEffectRecorder recorder, String target) {
    recorder.record(
        new SideEffect(SideEffect.Kind.TRANSACTION, target, "rolled back instead of commit"));
  }

  /**
   * Reports TRACE writes that ran outside any transaction of the application (autocommit) and were
   * held in a transaction of the guard's, now rolled back.
   */
  public static void heldWorkRolledBack(SideEffectRecorder recorder, String target) {
    recorder.record(
        new SideEffect(SideEffect.Kind.TRANSACTION, target, "autocommit work rolled back"));
  }

  /**
   * Reports a transaction that ran TRACE work but reached its commit where no TRACE context was
   * current (the context was lost on the way): it is rolled back all the same, and the TRACE
   * request that owns the work must not look successful.
   */
  public static void committedWithoutContext(SideEffectRecorder owner, String target) {
    owner.record(
        new SideEffect(
            SideEffect.Kind.VIOLATION,
            target,
            "a transaction with TRACE work was committed outside the TRACE context; rolled back"));
  }

  /**
   * Reports a rollback the guard relied on that failed (the outcome becomes {@code committed:
   * unknown}) and returns the exception to fail the operation with.
   */
  public static SQLException rollbackFailed(
      SideEffectRecorder recorder, String target, String what, Throwable cause) {
    recorder.record(TraceReport.rollbackFailed(target, String.valueOf(cause.getMessage())));
    return new SQLException(
        "TRACE request: " + what + " was turned into a rollback, which failed; committed: unknown",
        SQL_STATE,
        cause);
  }
}
