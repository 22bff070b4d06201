package io.contextkit;

import static io.contextkit.TestContexts.assertThreadClean;
import static io.contextkit.TestContexts.ctx;
import static io.contextkit.TestContexts.seen;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.TestContexts.Seen;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class ContextThreadFactoryTest {

  @Test
  void pooledThreadNeverKeepsTheContextOfTheSubmitterThatCausedItsCreation() throws Exception {
    // micrometer-tracing#257: the pool creates its worker lazily inside the first execute(), on
    // the submitter's thread and in the submitter's context; the worker must not keep it.
    ExecutorService raw =
        Executors.newSingleThreadExecutor(ContextExecutors.wrap((ThreadFactory) Thread::new));
    ExecutorService pool = ContextExecutors.wrap(raw);
    try {
      try (ContextScope first = ctx("first").makeCurrent()) {
        assertThat(pool.submit(TestContexts::seen).get().belongsTo("first")).isTrue();
      }
      // Unwrapped work and the idle worker see nothing of "first".
      raw.submit(TestContexts::assertThreadClean).get();
      try (ContextScope second = ctx("second").makeCurrent()) {
        assertThat(pool.submit(TestContexts::seen).get().belongsTo("second")).isTrue();
      }
      raw.submit(TestContexts::assertThreadClean).get();
    } finally {
      raw.shutdownNow();
      raw.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void threadPerTaskFactoryRunsTheThreadInTheContextOfItsCreator() throws Exception {
    ThreadFactory factory = ContextExecutors.wrapThreadPerTask(Thread::new);
    AtomicReference<Seen> inside = new AtomicReference<>();
    Thread thread;
    try (ContextScope a = ctx("a").makeCurrent()) {
      thread = factory.newThread(() -> inside.set(seen()));
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      thread.start();
      thread.join(5000);
    }
    assertThat(inside.get().belongsTo("a")).as("%s", inside.get()).isTrue();
  }

  @Test
  void isolatingFactoryStartsThreadsEmptyEvenWhenCreatedInsideARequest() throws Exception {
    ThreadFactory factory = ContextExecutors.wrap((ThreadFactory) Thread::new);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Seen> inside = new AtomicReference<>();
    Thread thread;
    try (ContextScope a = ctx("a").makeCurrent()) {
      thread =
          factory.newThread(
              () -> {
                inside.set(seen());
                try {
                  assertThreadClean();
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      thread.start();
      thread.join(5000);
    }
    assertThat(failure.get()).isNull();
    assertThat(inside.get().contextUser()).isEqualTo("null");
  }

  @Test
  void factoryWrappingNeverNestsAndSwitchingKindRewrapsTheOriginal() {
    ThreadFactory original = Thread::new;
    ThreadFactory isolating = ContextExecutors.wrap(original);
    ThreadFactory perTask = ContextExecutors.wrapThreadPerTask(original);
    assertThat(ContextExecutors.wrap(isolating)).isSameAs(isolating);
    assertThat(ContextExecutors.wrapThreadPerTask(perTask)).isSameAs(perTask);
    assertThat(ContextExecutors.unwrap(ContextExecutors.wrap(perTask))).isSameAs(original);
    assertThat(ContextExecutors.unwrap(ContextExecutors.wrapThreadPerTask(isolating)))
        .isSameAs(original);
    assertThat(ContextExecutors.unwrap(isolating)).isSameAs(original);
  }
}
