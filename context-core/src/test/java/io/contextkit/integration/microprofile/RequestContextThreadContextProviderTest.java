package io.contextkit.integration.microprofile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class RequestContextThreadContextProviderTest {

  private final ThreadContextProvider provider = new RequestContextThreadContextProvider();
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
  }

  private static RequestContext ctx(String name) {
    return RequestContext.builder()
        .requestId("req-" + name)
        .userId("user-" + name)
        .accountId("acct-" + name)
        .build();
  }

  private static String seen() {
    return RequestContext.current().userId()
        + "|"
        + MDC.get("user_id")
        + "|"
        + MDC.get("account_id")
        + "|"
        + MDC.get("request_id");
  }

  @Test
  void providerIsFoundByServiceLoaderUnderTheContextKitType() {
    List<String> types = new ArrayList<>();
    for (ThreadContextProvider p : ServiceLoader.load(ThreadContextProvider.class)) {
      types.add(p.getThreadContextType());
    }
    assertThat(types).contains("ContextKit");
  }

  @Test
  void threadContextCarriesTheMdcKeysToAnotherThread() throws Exception {
    // quarkus#42191: ThreadContext propagated the context but not the MDC.
    ThreadContextSnapshot snapshot;
    try (ContextScope a = ctx("a").makeCurrent()) {
      snapshot = provider.currentContext(Map.of());
    }
    String inside =
        pool.submit(
                () -> {
                  ThreadContextController controller = snapshot.begin();
                  try {
                    return seen();
                  } finally {
                    controller.endContext();
                  }
                })
            .get();
    assertThat(inside).isEqualTo("user-a|user-a|acct-a|req-a");
    assertThat(pool.submit(RequestContextThreadContextProviderTest::seen).get())
        .isEqualTo("null|null|null|null");
  }

  @Test
  void endContextRestoresTheThreadsOwnPreviousContext() {
    ThreadContextSnapshot snapshot;
    try (ContextScope a = ctx("a").makeCurrent()) {
      snapshot = provider.currentContext(Map.of());
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      ThreadContextController controller = snapshot.begin();
      assertThat(seen()).isEqualTo("user-a|user-a|acct-a|req-a");
      controller.endContext();
      assertThat(seen()).isEqualTo("user-b|user-b|acct-b|req-b");
      assertThatThrownBy(controller::endContext).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void clearedContextRunsTaskWithoutContextAndRestoresAfter() {
    ThreadContextSnapshot cleared;
    try (ContextScope a = ctx("a").makeCurrent()) {
      cleared = provider.clearedContext(Map.of());
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      ThreadContextController controller = cleared.begin();
      assertThat(seen()).isEqualTo("null|null|null|null");
      controller.endContext();
      assertThat(seen()).isEqualTo("user-b|user-b|acct-b|req-b");
    }
  }

  @Test
  void snapshotIsTakenAtCaptureTimeNotAtBegin() {
    ThreadContextSnapshot snapshot;
    try (ContextScope a = ctx("a").makeCurrent()) {
      snapshot = provider.currentContext(Map.of());
      try (ContextScope c = ctx("c").makeCurrent()) {
        ThreadContextController controller = snapshot.begin();
        assertThat(seen()).startsWith("user-a|");
        controller.endContext();
        assertThat(seen()).startsWith("user-c|");
      }
    }
  }
}
