package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.SideEffect;
import io.contextkit.SideEffect.Kind;
import io.contextkit.SideEffectReport;
import io.contextkit.internal.RequestJournal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceReportTest {

  private static SideEffectReport report(List<SideEffect> kept, Map<Kind, Long> counts) {
    return new SideEffectReport(kept, counts, 0);
  }

  private static Map<Kind, Long> countsOf(List<SideEffect> effects) {
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    for (SideEffect e : effects) {
      counts.merge(e.kind(), 1L, Long::sum);
    }
    return counts;
  }

  @Test
  void summarisesCountsInTheHeaderValue() {
    List<SideEffect> effects =
        List.of(
            new SideEffect(Kind.TRANSACTION, "db", "rolled back"),
            new SideEffect(Kind.STATEMENT, "orders", "INSERT orders"),
            new SideEffect(Kind.STATEMENT, "orders", "UPDATE orders"),
            new SideEffect(Kind.ENTITY, "Order", "Order#1 insert"),
            new SideEffect(Kind.HTTP_CALL, "pay.example.com", "POST /charges suppressed"));
    TraceReport report = TraceReport.from(report(effects, countsOf(effects)));
    assertThat(report.headerValue())
        .isEqualTo(
            "committed=false; transactions=1; statements=2; entities=1; http=1; messages=0; mail=0; cache=0;"
                + " sessions=0; violations=0");
    assertThat(report.requiresServerError()).isFalse();
    assertThat(report.hasViolations()).isFalse();
  }

  @Test
  void aFailedRollbackMakesTheOutcomeUnknownAndRequiresAServerError() {
    List<SideEffect> effects = List.of(TraceReport.rollbackFailed("db", "connection reset"));
    TraceReport report = TraceReport.from(report(effects, countsOf(effects)));
    assertThat(report.committed()).isEqualTo(TraceReport.Committed.UNKNOWN);
    assertThat(report.requiresServerError()).isTrue();
    assertThat(report.headerValue()).startsWith("committed=unknown;").endsWith("violations=1");
  }

  @Test
  void aViolationLostToTheRecorderCapacityFailsClosedAsUnknown() {
    List<SideEffect> kept = new ArrayList<>();
    kept.add(new SideEffect(Kind.STATEMENT, "t", "INSERT t"));
    Map<Kind, Long> counts = countsOf(kept);
    counts.put(Kind.VIOLATION, 1L); // counted but not kept
    TraceReport report = TraceReport.from(new SideEffectReport(kept, counts, 1));
    assertThat(report.committed()).isEqualTo(TraceReport.Committed.UNKNOWN);
  }

  @Test
  void attributesCarryTheWholeReportInAStableOrder() {
    List<SideEffect> effects = List.of(new SideEffect(Kind.MESSAGE, "orders", "captured"));
    TraceReport report = TraceReport.from(report(effects, countsOf(effects)));
    assertThat(report.attributes())
        .containsEntry("trace.committed", "false")
        .containsEntry("trace.messages", 1L)
        .containsEntry("trace.effects", List.of("MESSAGE orders: captured"));
    assertThat(report.attributes().keySet())
        .startsWith(
            "trace.committed",
            "trace.transactions",
            "trace.read_only_transactions",
            "trace.statements");
  }

  @Test
  void consumedAttributesAddWhereTheMessageCameFromAfterTheReport() {
    List<SideEffect> effects = List.of(new SideEffect(Kind.STATEMENT, "stock", "UPDATE stock"));
    TraceReport report = TraceReport.from(report(effects, countsOf(effects)));

    Map<String, Object> withListener = report.consumedAttributes("kafka", "orders", "inventory");
    Map<String, Object> without = report.consumedAttributes("amqp", "orders", null);

    assertThat(withListener.keySet())
        .startsWith(report.attributes().keySet().toArray(new String[0]))
        .endsWith(
            TraceReport.CONSUMER_SYSTEM,
            TraceReport.CONSUMER_DESTINATION,
            TraceReport.CONSUMER_LISTENER);
    assertThat(withListener)
        .containsEntry("trace.statements", 1L)
        .containsEntry(TraceReport.CONSUMER_SYSTEM, "kafka")
        .containsEntry(TraceReport.CONSUMER_DESTINATION, "orders")
        .containsEntry(TraceReport.CONSUMER_LISTENER, "inventory");
    assertThat(without)
        .containsEntry(TraceReport.CONSUMER_SYSTEM, "amqp")
        .doesNotContainKey(TraceReport.CONSUMER_LISTENER);
  }

  @Test
  void readOnlyTransactionsAreCountedApartAndNotAsRolledBackWrites() {
    List<SideEffect> effects =
        List.of(
            new SideEffect(Kind.READ_ONLY_TRANSACTION, "db", "read-only, rolled back"),
            new SideEffect(Kind.READ_ONLY_TRANSACTION, "db", "no write statement, rolled back"),
            new SideEffect(Kind.TRANSACTION, "db", "flushed, rolled back instead of commit"));
    TraceReport report = TraceReport.from(report(effects, countsOf(effects)));

    assertThat(report.headerValue()).startsWith("committed=false; transactions=1; statements=0;");
    assertThat(report.attributes())
        .containsEntry("trace.transactions", 1L)
        .containsEntry("trace.read_only_transactions", 2L);
    assertThat(report.hasViolations()).isFalse();
  }

  @Test
  void aRequestThatRecordedNothingHasTheSameReportAsOneBuiltByHand() {
    TraceReport shared = TraceReport.from(RequestJournal.create().report());
    TraceReport byHand =
        new TraceReport(TraceReport.Committed.FALSE, new EnumMap<>(Kind.class), List.of(), 0);

    assertThat(shared).isEqualTo(byHand);
    assertThat(shared.recordedNothing()).isTrue();
    assertThat(byHand.recordedNothing()).isTrue();
    assertThat(shared.headerValue())
        .isEqualTo(byHand.headerValue())
        .isEqualTo(
            "committed=false; transactions=0; statements=0; entities=0; http=0; messages=0; mail=0;"
                + " cache=0; sessions=0; violations=0");
    assertThat(shared.attributes())
        .isEqualTo(byHand.attributes())
        .containsEntry("trace.committed", "false")
        .containsEntry("trace.transactions", 0L)
        .containsEntry("trace.effects", List.of());
    assertThat(shared.hasViolations()).isFalse();
    assertThat(shared.requiresServerError()).isFalse();
  }

  @Test
  void anyRecordedEffectEvenAReadOnlyTransactionMeansTheRequestRecordedSomething() {
    for (Kind kind : Kind.values()) {
      List<SideEffect> effects = List.of(new SideEffect(kind, "db", "something"));
      assertThat(TraceReport.from(report(effects, countsOf(effects))).recordedNothing())
          .as(kind.name())
          .isFalse();
    }
    RequestJournal journal = RequestJournal.create();
    journal.record(new SideEffect(Kind.READ_ONLY_TRANSACTION, "db", "read-only, rolled back"));
    assertThat(TraceReport.from(journal.report()).recordedNothing()).isFalse();
  }

  @Test
  void effectsCountedButNotKeptMeanTheRequestRecordedSomething() {
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    counts.put(Kind.STATEMENT, 300L);
    TraceReport report = TraceReport.from(new SideEffectReport(List.of(), counts, 300));

    assertThat(report.recordedNothing()).isFalse();
    assertThat(
            new TraceReport(TraceReport.Committed.FALSE, Map.of(), List.of(), 1).recordedNothing())
        .isFalse();
    assertThat(
            new TraceReport(TraceReport.Committed.UNKNOWN, Map.of(), List.of(), 0)
                .recordedNothing())
        .isFalse();
  }

  @Test
  void exposesTheResponseHeaderConstants() {
    assertThat(TraceReport.TRACE_APPLIED_HEADER).isEqualTo("Trace-Applied");
    assertThat(TraceReport.CACHE_CONTROL_VALUE).isEqualTo("no-store");
    assertThat(TraceReport.isRollbackFailure(TraceReport.rollbackFailed("db", ""))).isTrue();
    assertThat(TraceReport.isRollbackFailure(new SideEffect(Kind.VIOLATION, "db", "other")))
        .isFalse();
  }
}
