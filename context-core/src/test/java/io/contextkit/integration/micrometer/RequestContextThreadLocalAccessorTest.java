package io.contextkit.integration.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class RequestContextThreadLocalAccessorTest {

  private ExecutorService pool;

  @BeforeEach
  void setUp() {
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    assertThat(RequestContext.current().isEmpty()).isTrue();
    assertThat(MDC.get("user_id")).isNull();
  }

  private static RequestContext ctx(String name) {
    return RequestContext.builder().requestId("req-" + name).userId("user-" + name).build();
  }

  private static String seen() {
    return RequestContext.current().userId() + "|" + MDC.get("user_id");
  }

  private static String poolThreadState() {
    return RequestContext.current().isEmpty() + "|" + MDC.get("user_id");
  }

  @Test
  void registryFindsTheAccessorThroughServiceLoading() {
    List<String> keys = new ArrayList<>();
    for (ThreadLocalAccessor<?> accessor :
        ContextRegistry.getInstance().getThreadLocalAccessors()) {
      keys.add(String.valueOf(accessor.key()));
    }
    assertThat(keys).contains(RequestContextThreadLocalAccessor.KEY);
    assertThat(RequestContextThreadLocalAccessor.KEY).isEqualTo("contextkit.request-context");
  }

  @Test
  void snapshotWrappedRunnableRunsInTheCapturedContextWithMdcAndRestoresThePoolThread()
      throws Exception {
    AtomicReference<String> inside = new AtomicReference<>();
    Runnable task;
    try (ContextScope a = ctx("a").makeCurrent()) {
      task = ContextSnapshotFactory.builder().build().captureAll().wrap(() -> inside.set(seen()));
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      pool.submit(task).get();
    }
    assertThat(inside.get()).isEqualTo("user-a|user-a");
    assertThat(pool.submit(RequestContextThreadLocalAccessorTest::poolThreadState).get())
        .isEqualTo("true|null");
  }

  @Test
  void snapshotRestoresTheRunningThreadsOwnContextNotEmpty() {
    ContextSnapshot snapshot;
    try (ContextScope a = ctx("a").makeCurrent()) {
      snapshot = ContextSnapshotFactory.builder().build().captureAll();
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      try (ContextSnapshot.Scope restored = snapshot.setThreadLocals()) {
        assertThat(seen()).isEqualTo("user-a|user-a");
      }
      assertThat(seen()).isEqualTo("user-b|user-b");
      assertThat(RequestContext.current()).isSameAs(b.context());
    }
  }

  @Test
  void clearMissingSnapshotRunsTaskWithEmptyContextThenRestores() {
    ContextSnapshot empty =
        ContextSnapshotFactory.builder().clearMissing(true).build().captureAll();
    try (ContextScope b = ctx("b").makeCurrent()) {
      try (ContextSnapshot.Scope restored = empty.setThreadLocals()) {
        assertThat(RequestContext.current().isEmpty()).isTrue();
        assertThat(MDC.get("user_id")).isNull();
      }
      assertThat(seen()).isEqualTo("user-b|user-b");
    }
  }

  @Test
  void micrometerContextExecutorServiceCarriesEveryTasksOwnContext() throws Exception {
    ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
    ExecutorService executor = ContextExecutorService.wrap(pool, factory::captureAll);
    List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String name = UUID.randomUUID().toString();
      try (ContextScope scope = ctx(name).makeCurrent()) {
        futures.add(
            executor.submit(
                () -> {
                  String expected = "user-" + name + "|user-" + name;
                  if (!expected.equals(seen())) {
                    mismatches.add(expected + " but " + seen());
                  }
                }));
      }
    }
    for (Future<?> f : futures) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(mismatches).isEmpty();
    assertThat(pool.submit(RequestContextThreadLocalAccessorTest::poolThreadState).get())
        .isEqualTo("true|null");
  }

  @Test
  @SuppressWarnings("deprecation")
  void resetClosesEveryScopeTheAccessorOpenedOnTheThread() {
    RequestContextThreadLocalAccessor accessor = new RequestContextThreadLocalAccessor();
    try (ContextScope b = ctx("b").makeCurrent()) {
      accessor.setValue(ctx("x"));
      accessor.setValue(ctx("y"));
      assertThat(seen()).isEqualTo("user-y|user-y");
      accessor.reset();
      assertThat(seen()).isEqualTo("user-b|user-b");
      accessor.restore();
      assertThat(seen())
          .as("restore without an open scope changes nothing")
          .isEqualTo("user-b|user-b");
    }
    assertThat(accessor.getValue()).isNull();
  }
}
