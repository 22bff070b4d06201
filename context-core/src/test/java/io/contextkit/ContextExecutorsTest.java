package io.contextkit;

import static io.contextkit.TestContexts.assertThreadClean;
import static io.contextkit.TestContexts.ctx;
import static io.contextkit.TestContexts.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.TestContexts.Seen;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class ContextExecutorsTest {

  private static final ContextKey<String> FOREIGN = ContextKey.named("test.foreign");

  private ExecutorService single;

  @BeforeEach
  void setUp() {
    single = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    single.shutdownNow();
    single.awaitTermination(5, TimeUnit.SECONDS);
    assertThreadClean();
  }

  @Test
  void wrappedRunnableSeesContextOfItsCreationNotOfItsRun() throws Exception {
    AtomicReference<Seen> inside = new AtomicReference<>();
    Runnable task;
    try (ContextScope a = ctx("a").makeCurrent()) {
      task = ContextExecutors.wrap(() -> inside.set(seen()));
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      single.submit(task).get();
    }
    assertThat(inside.get().belongsTo("a")).as("%s", inside.get()).isTrue();
  }

  @Test
  void wrappedCallableSeesContextOfItsCreationAndMdcKeys() throws Exception {
    Callable<Seen> task;
    try (ContextScope a = ctx("a").makeCurrent()) {
      task = ContextExecutors.wrap(TestContexts::seen);
    }
    Seen inside = single.submit(task).get();
    assertThat(inside.belongsTo("a")).as("%s", inside).isTrue();
    assertThat(single.submit(TestContexts::ourMdcKeys).get()).isEmpty();
  }

  @Test
  void wrappedExecutorCapturesAtSubmissionNotWhenTheTaskRuns() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(single);
    CountDownLatch release = new CountDownLatch(1);
    executor.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Future<Seen> queued;
    try (ContextScope a = ctx("a").makeCurrent()) {
      queued = executor.submit(TestContexts::seen);
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      release.countDown();
      assertThat(queued.get().belongsTo("a")).as("%s", queued.get()).isTrue();
    }
  }

  @Test
  void poolThreadIsEmptyAgainAfterEveryKindOfSubmission() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(single);
    try (ContextScope a = ctx("a").makeCurrent()) {
      executor.execute(() -> {});
      executor.submit(() -> {}).get();
      executor.submit(() -> {}, "done").get();
      executor.submit(() -> "x").get();
      executor.invokeAll(List.<Callable<String>>of(() -> "x", () -> "y"));
      executor.invokeAny(List.<Callable<String>>of(() -> "x"));
    }
    single.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void plainExecutorIsWrappedAndTaskSeesSubmitterContext() throws Exception {
    Executor plain = single::execute;
    Executor executor = ContextExecutors.wrap(plain);
    assertThat(executor).isNotInstanceOf(ExecutorService.class);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Seen> inside = new AtomicReference<>();
    try (ContextScope a = ctx("a").makeCurrent()) {
      executor.execute(
          () -> {
            inside.set(seen());
            done.countDown();
          });
    }
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(inside.get().belongsTo("a")).as("%s", inside.get()).isTrue();
    single.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void invokeAllAndInvokeAnyRunEveryTaskInTheCallersContext() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(Executors.newFixedThreadPool(2));
    try (ContextScope a = ctx("a").makeCurrent()) {
      List<Future<Seen>> all =
          executor.invokeAll(List.<Callable<Seen>>of(TestContexts::seen, TestContexts::seen));
      for (Future<Seen> f : all) {
        assertThat(f.get().belongsTo("a")).as("%s", f.get()).isTrue();
      }
      Seen any = executor.invokeAny(List.<Callable<Seen>>of(TestContexts::seen));
      assertThat(any.belongsTo("a")).as("%s", any).isTrue();
      Seen timed =
          executor.invokeAny(List.<Callable<Seen>>of(TestContexts::seen), 5, TimeUnit.SECONDS);
      assertThat(timed.belongsTo("a")).isTrue();
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void wholeOpenTelemetryContextTravelsWithTheTask() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(single);
    Future<String> seenInside;
    try (Scope otel =
            Context.current()
                .with(FOREIGN, "span-like")
                .with(Baggage.builder().put("tenant", "t1").build())
                .makeCurrent();
        ContextScope a = ctx("a").makeCurrent()) {
      seenInside =
          executor.submit(
              () ->
                  Context.current().get(FOREIGN)
                      + "/"
                      + Baggage.current().getEntryValue("tenant")
                      + "/"
                      + RequestContext.current().userId());
    }
    assertThat(seenInside.get()).isEqualTo("span-like/t1/user-a");
  }

  @Test
  void runningThreadGetsBackExactlyItsOwnNonEmptyContextAndMdc() {
    Executor direct = ContextExecutors.wrap((Executor) Runnable::run);
    Runnable task;
    try (ContextScope a = ctx("a").makeCurrent()) {
      task = ContextExecutors.wrap((Runnable) () -> assertThat(seen().belongsTo("a")).isTrue());
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      Context before = Context.current();
      direct.execute(task);
      task.run();
      assertThat(Context.current()).isSameAs(before);
      assertThat(seen().belongsTo("b")).as("%s", seen()).isTrue();
      assertThat(ContextScope.openOnThisThread()).isEqualTo(1);
    }
  }

  @Test
  void throwingTaskStillRestoresAndItsExceptionPropagatesUnchanged() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    Runnable task;
    try (ContextScope a = ctx("a").makeCurrent()) {
      task =
          ContextExecutors.wrap(
              (Runnable)
                  () -> {
                    throw boom;
                  });
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      assertThatThrownBy(task::run).isSameAs(boom);
      assertThat(seen().belongsTo("b")).isTrue();
    }
    Callable<String> failing;
    Exception checked = new IOException("io");
    try (ContextScope a = ctx("a").makeCurrent()) {
      failing =
          ContextExecutors.wrap(
              () -> {
                throw checked;
              });
    }
    Future<String> result = ContextExecutors.wrap(single).submit(failing);
    assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).hasCause(checked);
    single.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void scopeLeakedByTaskIsClosedWhenTheTaskEnds() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(single);
    try (ContextScope a = ctx("a").makeCurrent()) {
      executor.submit(() -> ctx("leaked").makeCurrent()).get();
    }
    single.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void wrappingIsIdempotentAndUnwrapGivesTheDelegateBack() {
    Runnable r = () -> {};
    Runnable wr = ContextExecutors.wrap(r);
    assertThat(ContextExecutors.wrap(wr)).isSameAs(wr);
    assertThat(ContextExecutors.unwrap(wr)).isSameAs(r);
    Callable<String> c = () -> "x";
    Callable<String> wc = ContextExecutors.wrap(c);
    assertThat(ContextExecutors.wrap(wc)).isSameAs(wc);
    assertThat(ContextExecutors.unwrap(wc)).isSameAs(c);

    ExecutorService es = ContextExecutors.wrap(single);
    assertThat(ContextExecutors.wrap(es)).isSameAs(es);
    assertThat(ContextExecutors.wrap((Executor) es)).isSameAs(es);
    assertThat(ContextExecutors.unwrap(es)).isSameAs(single);
    assertThat(ContextExecutors.unwrap((Executor) es)).isSameAs(single);
    assertThat(ContextExecutors.isWrapped(es)).isTrue();
    assertThat(ContextExecutors.isWrapped(single)).isFalse();

    ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
    try {
      ExecutorService asPlain = ContextExecutors.wrap((ExecutorService) ses);
      assertThat(asPlain).isInstanceOf(ScheduledExecutorService.class);
      assertThat(ContextExecutors.wrap((ScheduledExecutorService) asPlain)).isSameAs(asPlain);
      assertThat(ContextExecutors.unwrap((ScheduledExecutorService) asPlain)).isSameAs(ses);
    } finally {
      ses.shutdownNow();
    }
  }

  @Test
  void executorDoesNotRewrapAnAlreadyWrappedTaskSoItKeepsItsFirstCapture() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(single);
    Callable<Seen> task;
    try (ContextScope a = ctx("a").makeCurrent()) {
      task = ContextExecutors.wrap(TestContexts::seen);
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      assertThat(executor.submit(task).get().belongsTo("a")).isTrue();
    }
  }

  @Test
  void shutdownNowReturnsTheRunnablesTheCallerExecuted() throws Exception {
    ExecutorService executor = ContextExecutors.wrap(single);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    executor.execute(
        () -> {
          started.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Runnable mine = () -> {};
    Runnable userWrapped = ContextExecutors.wrap(() -> {});
    try (ContextScope a = ctx("a").makeCurrent()) {
      executor.execute(mine);
      executor.execute(userWrapped);
    }
    List<Runnable> pending = executor.shutdownNow();
    assertThat(pending).containsExactly(mine, userWrapped);
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.isTerminated()).isTrue();
  }

  @Test
  void nullTasksAreRejectedAtOnceLikePlainExecutorsDo() {
    ExecutorService executor = ContextExecutors.wrap(single);
    assertThatThrownBy(() -> executor.execute(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ContextExecutors.wrap((Runnable) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void virtualThreadFactoriesFailClearlyBeforeJava21() {
    Assumptions.assumeTrue(Runtime.version().feature() < 21, "this JVM has virtual threads");
    assertThatThrownBy(ContextExecutors::newVirtualThreadPerTaskExecutor)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("virtual threads need Java 21+");
    assertThatThrownBy(ContextExecutors::virtualThreadFactory)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("virtual threads need Java 21+");
  }

  @Test
  void mdcInsideTaskIsTheRealLogbackMdc() throws Exception {
    assertThat(MDC.getMDCAdapter().getClass().getName()).startsWith("ch.qos.logback");
    try (ContextScope a = ctx("a").makeCurrent()) {
      assertThat(
              ContextExecutors.wrap(single)
                  .submit(() -> MDC.get("user_id") + "," + MDC.get("account_id"))
                  .get())
          .isEqualTo("user-a,acct-a");
    }
  }
}
