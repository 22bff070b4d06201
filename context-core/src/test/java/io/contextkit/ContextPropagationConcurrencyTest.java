package io.contextkit;

import static io.contextkit.TestContexts.assertThreadClean;
import static io.contextkit.TestContexts.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Thousands of tasks with distinct contexts interleaved over few threads: no task may ever see a
 * context other than its own, and no thread may keep one afterwards.
 */
// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class ContextPropagationConcurrencyTest {

  private static final int POOL_TASKS = 5_000;
  private static final int VIRTUAL_TASKS = 10_000;

  @Test
  void fiveThousandTasksOverTwoPooledThreadsEachSeeOnlyTheirOwnContext() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    try {
      List<String> mismatches = runDistinctContexts(ContextExecutors.wrap(raw), POOL_TASKS);
      assertThat(mismatches).isEmpty();
      assertEveryPoolThreadClean(raw, 2);
    } finally {
      raw.shutdownNow();
      raw.awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThreadClean();
  }

  @Test
  void tasksSubmittedConcurrentlyFromManyThreadsEachSeeOnlyTheirOwnContext() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      ExecutorService pool = ContextExecutors.wrap(raw);
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        parts.add(submitters.submit(() -> runDistinctContexts(pool, POOL_TASKS / 4)));
      }
      for (Future<List<String>> part : parts) {
        assertThat(part.get(60, TimeUnit.SECONDS)).isEmpty();
      }
      assertEveryPoolThreadClean(raw, 2);
      assertEveryPoolThreadClean(submitters, 4);
    } finally {
      raw.shutdownNow();
      submitters.shutdownNow();
    }
  }

  @Test
  @Tag("virtual-threads")
  void tenThousandVirtualThreadTasksEachSeeOnlyTheirOwnContext() throws Throwable {
    TestContexts.assumeVirtualThreads();
    ExecutorService executor = ContextExecutors.newVirtualThreadPerTaskExecutor();
    try {
      assertThat(runDistinctContexts(executor, VIRTUAL_TASKS)).isEmpty();
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThreadClean();
  }

  @Test
  @Tag("virtual-threads")
  void wrappedJdkVirtualThreadExecutorCarriesEachTasksContext() throws Throwable {
    TestContexts.assumeVirtualThreads();
    ExecutorService jdk = TestContexts.jdkVirtualThreadPerTaskExecutor();
    ExecutorService executor = ContextExecutors.wrap(jdk);
    try {
      assertThat(runDistinctContexts(executor, VIRTUAL_TASKS)).isEmpty();
      Set<Boolean> virtual = ConcurrentHashMap.newKeySet();
      executor
          .submit(
              () -> {
                try {
                  virtual.add(TestContexts.isVirtual(Thread.currentThread()));
                } catch (Throwable e) {
                  throw new IllegalStateException(e);
                }
              })
          .get();
      assertThat(virtual).containsExactly(true);
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThreadClean();
  }

  @Test
  @Tag("virtual-threads")
  void rawVirtualThreadsFromTheWrappedFactoryCarryTheirCreatorsContext() throws Throwable {
    // opentelemetry-java-instrumentation#11950: Thread.ofVirtual() started directly loses it.
    TestContexts.assumeVirtualThreads();
    List<ThreadFactory> factories =
        List.of(
            ContextExecutors.virtualThreadFactory(),
            ContextExecutors.wrapThreadPerTask(TestContexts.jdkVirtualThreadFactory()));
    for (ThreadFactory factory : factories) {
      List<String> mismatches = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        String name = "vt" + i;
        try (ContextScope scope = ctx(name).makeCurrent()) {
          Thread t =
              factory.newThread(
                  () -> {
                    if (!TestContexts.seen().belongsTo(name)) {
                      synchronized (mismatches) {
                        mismatches.add(name + " saw " + TestContexts.seen());
                      }
                    }
                  });
          assertThat(TestContexts.isVirtual(t)).isTrue();
          threads.add(t);
        }
      }
      // Started outside any scope: what they see was captured when they were created.
      for (Thread t : threads) {
        t.start();
      }
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(mismatches).isEmpty();
    }
    assertThreadClean();
  }

  /**
   * Submits {@code count} tasks, each under its own random context; every task checks, at its start
   * and end, the context and the MDC. Returns descriptions of every mismatch.
   */
  static List<String> runDistinctContexts(ExecutorService executor, int count)
      throws InterruptedException {
    List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      String name = UUID.randomUUID().toString();
      try (ContextScope scope = ctx(name).makeCurrent()) {
        executor.execute(
            () -> {
              try {
                check(name, mismatches);
                Thread.yield();
                check(name, mismatches);
                ran.incrementAndGet();
              } finally {
                done.countDown();
              }
            });
      }
    }
    assertThat(done.await(120, TimeUnit.SECONDS)).as("all tasks ran").isTrue();
    assertThat(ran.get()).isEqualTo(count);
    return mismatches;
  }

  private static void check(String name, List<String> mismatches) {
    RequestContext current = RequestContext.current();
    String mdcUser = MDC.get("user_id");
    String mdcRequest = MDC.get("request_id");
    if (!("user-" + name).equals(current.userId())
        || !("req-" + name).equals(current.requestId())
        || !("user-" + name).equals(mdcUser)
        || !("req-" + name).equals(mdcRequest)) {
      mismatches.add(name + " saw " + current + " mdc " + mdcUser + "/" + mdcRequest);
    }
  }

  /** Runs the clean-thread assertion once on each of the pool's {@code threads} threads. */
  private static void assertEveryPoolThreadClean(ExecutorService raw, int threads)
      throws Exception {
    CyclicBarrier allThreads = new CyclicBarrier(threads);
    List<Future<String>> checks = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      checks.add(
          raw.submit(
              () -> {
                allThreads.await(10, TimeUnit.SECONDS);
                assertThreadClean();
                return Thread.currentThread().getName();
              }));
    }
    Set<String> names = ConcurrentHashMap.newKeySet();
    for (Future<String> check : checks) {
      names.add(check.get(20, TimeUnit.SECONDS));
    }
    assertThat(names).hasSize(threads);
  }
}
