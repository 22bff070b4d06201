package io.contextkit;

import static io.contextkit.TestContexts.ctx;
import static io.contextkit.TestContexts.seen;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.TestContexts.Seen;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class ContextScheduledExecutorTest {

  private ScheduledExecutorService raw;
  private ScheduledExecutorService scheduler;

  @BeforeEach
  void setUp() {
    raw = Executors.newSingleThreadScheduledExecutor();
    scheduler = ContextExecutors.wrap(raw);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    raw.shutdownNow();
    raw.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void delayedRunnableAndCallableSeeTheContextOfScheduling() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    List<Seen> seenByRunnable = new CopyOnWriteArrayList<>();
    ScheduledFuture<Seen> callable;
    try (ContextScope a = ctx("a").makeCurrent()) {
      scheduler.schedule(
          () -> {
            seenByRunnable.add(seen());
            ran.countDown();
          },
          20,
          TimeUnit.MILLISECONDS);
      callable = scheduler.schedule(TestContexts::seen, 20, TimeUnit.MILLISECONDS);
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(seenByRunnable.get(0).belongsTo("a")).as("%s", seenByRunnable).isTrue();
      assertThat(callable.get().belongsTo("a")).as("%s", callable.get()).isTrue();
    }
    raw.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void everyRunOfAPeriodicTaskSeesTheContextOfSchedulingAndRestoresBetweenRuns() throws Exception {
    assertPeriodic(true);
    assertPeriodic(false);
  }

  private void assertPeriodic(boolean fixedRate) throws Exception {
    CountDownLatch threeRuns = new CountDownLatch(3);
    List<Seen> runs = new CopyOnWriteArrayList<>();
    List<List<String>> mdcBetweenRuns = new CopyOnWriteArrayList<>();
    ScheduledFuture<?> periodic;
    Runnable task =
        () -> {
          runs.add(seen());
          threeRuns.countDown();
        };
    try (ContextScope a = ctx("periodic").makeCurrent()) {
      periodic =
          fixedRate
              ? scheduler.scheduleAtFixedRate(task, 0, 5, TimeUnit.MILLISECONDS)
              : scheduler.scheduleWithFixedDelay(task, 0, 5, TimeUnit.MILLISECONDS);
    }
    // A raw task queued between periodic runs sees the pool thread as it is between runs.
    for (int i = 0; i < 3; i++) {
      raw.submit(() -> mdcBetweenRuns.add(TestContexts.ourMdcKeys())).get();
    }
    assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
    periodic.cancel(false);
    assertThat(runs).hasSizeGreaterThanOrEqualTo(3).allMatch(s -> s.belongsTo("periodic"));
    assertThat(mdcBetweenRuns).allMatch(List::isEmpty);
    raw.submit(TestContexts::assertThreadClean).get();
  }
}
