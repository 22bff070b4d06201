package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.internal.RequestJournal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestJournalTest {

  @Test
  void deduplicatesFlagsByKeyLatestWins() {
    RequestJournal journal = RequestJournal.create();
    assertThat(journal.recordFlag(new FlagEvaluation("a", "on", "STATIC"))).isTrue();
    assertThat(journal.recordFlag(new FlagEvaluation("a", "on", "STATIC"))).isFalse();
    assertThat(journal.recordFlag(new FlagEvaluation("b", null, "ERROR"))).isTrue();
    assertThat(journal.recordFlag(new FlagEvaluation("a", "off", "TARGETING_MATCH"))).isTrue();

    assertThat(journal.flags())
        .containsExactly(
            new FlagEvaluation("a", "off", "TARGETING_MATCH"),
            new FlagEvaluation("b", null, "ERROR"));
    assertThat(journal.flagsRendered()).isEqualTo("a=off,b=?");
  }

  @Test
  void boundsFlagsAndCountsTheRest() {
    RequestJournal journal = RequestJournal.create();
    for (int i = 0; i < RequestJournal.MAX_FLAGS + 10; i++) {
      journal.recordFlag(new FlagEvaluation("flag-" + i, "on", "STATIC"));
    }
    assertThat(journal.flags()).hasSize(RequestJournal.MAX_FLAGS);
    assertThat(journal.flagsDropped()).isEqualTo(10);
  }

  @Test
  void sideEffectsAreBoundedButCountedExactly() {
    RequestJournal journal = RequestJournal.create();
    for (int i = 0; i < RequestJournal.MAX_EFFECTS + 44; i++) {
      journal.record(new SideEffect(SideEffect.Kind.STATEMENT, "orders", "INSERT orders"));
    }
    journal.record(
        new SideEffect(SideEffect.Kind.HTTP_CALL, "payments.example.com", "POST /charges"));

    SideEffectReport report = journal.report();
    assertThat(report.effects()).hasSize(RequestJournal.MAX_EFFECTS);
    assertThat(report.count(SideEffect.Kind.STATEMENT)).isEqualTo(RequestJournal.MAX_EFFECTS + 44);
    assertThat(report.count(SideEffect.Kind.HTTP_CALL)).isEqualTo(1);
    assertThat(report.dropped()).isEqualTo(45);
    assertThat(report.total()).isEqualTo(RequestJournal.MAX_EFFECTS + 45);
  }

  @Test
  void reportIsASnapshot() {
    RequestJournal journal = RequestJournal.create();
    journal.record(new SideEffect(SideEffect.Kind.MESSAGE, "orders", "order-created"));
    SideEffectReport before = journal.report();
    journal.record(new SideEffect(SideEffect.Kind.MESSAGE, "orders", "order-created"));
    assertThat(before.count(SideEffect.Kind.MESSAGE)).isEqualTo(1);
    assertThat(before.effects()).hasSize(1);
  }

  @Test
  void aJournalThatRecordedNothingReportsTheSharedEmptyReportWithEveryKindAtZero() {
    RequestJournal journal = RequestJournal.create();
    SideEffectReport report = journal.report();

    assertThat(report).isSameAs(SideEffectReport.empty());
    assertThat(report.effects()).isEmpty();
    assertThat(report.dropped()).isZero();
    assertThat(report.isEmpty()).isTrue();
    for (SideEffect.Kind kind : SideEffect.Kind.values()) {
      assertThat(report.count(kind)).as(kind.name()).isZero();
    }
    journal.record(new SideEffect(SideEffect.Kind.STATEMENT, "db", "INSERT"));
    assertThat(journal.report().count(SideEffect.Kind.STATEMENT)).isEqualTo(1);
    assertThat(SideEffectReport.empty().isEmpty()).isTrue();
  }

  @Test
  void longTargetsAreShortenedSoTheyFitInHeaders() {
    SideEffect effect = new SideEffect(SideEffect.Kind.ENTITY, "x".repeat(2000), "y");
    assertThat(effect.target()).hasSize(512);
  }

  @Test
  void concurrentRecordingLosesNothing() throws InterruptedException {
    RequestJournal journal = RequestJournal.create();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch done = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      pool.execute(
          () -> {
            for (int i = 0; i < 1000; i++) {
              journal.record(new SideEffect(SideEffect.Kind.STATEMENT, "t" + thread, "s" + i));
              journal.recordFlag(new FlagEvaluation("f" + (i % 8), "v" + thread, "STATIC"));
            }
            done.countDown();
          });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(journal.report().count(SideEffect.Kind.STATEMENT)).isEqualTo(4000);
    assertThat(journal.flags()).hasSize(8);
  }
}
