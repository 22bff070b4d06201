package io.contextkit.noop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import io.contextkit.noop.TraceReport;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class AsyncSqlTraceTest {

  private final SideEffectRecorder recorder =
      RequestContext.builder().requestType(RequestType.TRACE).build().sideEffects();

  @Test
  void implicitCommitSqlIsRejectedAndReportedAsViolation() {
    SQLException rejected =
        AsyncSqlTrace.rejection(
            recorder, "pg", AsyncSqlTrace.classify("insert into t values (1); COMMIT"));

    assertThat((Throwable) rejected).isNotNull();
    assertThat(rejected.getSQLState()).isEqualTo("25000");
    assertThat(recorder.report().effects())
        .containsExactly(
            new SideEffect(SideEffect.Kind.VIOLATION, "pg", "rejected COMMIT: commits implicitly"));
  }

  @Test
  void readsAndWritesAreAdmittedAndOnlyWritesReported() {
    SqlStatements.Classified read = AsyncSqlTrace.classify("select * from fruit");
    SqlStatements.Classified write = AsyncSqlTrace.classify("INSERT INTO fruit (name) VALUES ($1)");

    assertThat((Throwable) AsyncSqlTrace.rejection(recorder, "pg", read)).isNull();
    assertThat((Throwable) AsyncSqlTrace.rejection(recorder, "pg", write)).isNull();
    AsyncSqlTrace.executed(recorder, read, 1);
    AsyncSqlTrace.executed(recorder, write, 3);

    assertThat(AsyncSqlTrace.writes(read)).isFalse();
    assertThat(AsyncSqlTrace.writes(write)).isTrue();
    assertThat(recorder.report().effects())
        .containsExactly(
            new SideEffect(SideEffect.Kind.STATEMENT, "fruit", "INSERT fruit (batch of 3)"));
  }

  @Test
  void transactionOutcomesAreTransactionsNotViolations() {
    AsyncSqlTrace.rolledBackInsteadOfCommit(recorder, "pg");
    AsyncSqlTrace.heldWorkRolledBack(recorder, "pg");

    TraceReport report = TraceReport.from(recorder.report());
    assertThat(report.count(SideEffect.Kind.TRANSACTION)).isEqualTo(2);
    assertThat(report.hasViolations()).isFalse();
  }

  @Test
  void lostContextAtCommitIsAViolationAndFailedRollbackMakesTheOutcomeUnknown() {
    AsyncSqlTrace.committedWithoutContext(recorder, "pg");
    assertThat(TraceReport.from(recorder.report()).hasViolations()).isTrue();
    assertThat(TraceReport.from(recorder.report()).requiresServerError()).isFalse();

    SQLException failure =
        AsyncSqlTrace.rollbackFailed(
            recorder, "pg", "commit()", new IllegalStateException("connection reset"));

    assertThat(failure.getSQLState()).isEqualTo("25000");
    assertThat((Throwable) failure).hasMessageContaining("committed: unknown");
    assertThat(TraceReport.from(recorder.report()).requiresServerError()).isTrue();
  }
}
