package io.contextkit.spring.autoconfigure.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * With {@code spring.threads.virtual.enabled=true} Boot runs {@code @Async} methods and
 * {@code @Scheduled} tasks on virtual threads; the caller's context reaches the {@code @Async}
 * method, and each {@code @Scheduled} run gets a context (and MDC) of its own. Needs Java 21+: on
 * Java 17 it skips, and the {@code virtual-thread-tests} Maven profile runs it again on Java 25.
 */
@Tag("virtual-threads")
@EnabledForJreRange(
    min = JRE.JAVA_21,
    disabledReason =
        "virtual threads need Java 21+; the virtual-thread-tests Maven profile runs this class on"
            + " Java 25")
@SpringBootTest(
    classes = VirtualThreadsTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "spring.threads.virtual.enabled=true")
class VirtualThreadsTest {

  @Autowired AsyncWork async;

  @Autowired ScheduledWork scheduled;

  static boolean isVirtual(Thread thread) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  static Map<String, Object> snapshot() {
    RequestContext context = RequestContext.current();
    return Map.of(
        "request_id", String.valueOf(context.requestId()),
        "user_id", String.valueOf(context.userId()),
        "mdc_request_id", String.valueOf(MDC.get("request_id")),
        "virtual", isVirtual(Thread.currentThread()));
  }

  @Test
  void asyncMethodOnAVirtualThreadRunsInTheCallersContext() throws Exception {
    List<CompletableFuture<Map<String, Object>>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      RequestContext context =
          RequestContext.builder().requestId("vt-" + i).userId("user-" + i).build();
      try (ContextScope scope = context.makeCurrent()) {
        results.add(async.work());
      }
    }
    for (int i = 0; i < 50; i++) {
      Map<String, Object> seen = results.get(i).get(10, TimeUnit.SECONDS);
      assertThat(seen)
          .containsEntry("virtual", true)
          .containsEntry("request_id", "vt-" + i)
          .containsEntry("user_id", "user-" + i)
          .containsEntry("mdc_request_id", "vt-" + i);
    }
  }

  @Test
  void eachScheduledRunOnAVirtualThreadHasAContextOfItsOwn() throws Exception {
    Map<String, Object> first = scheduled.runs.poll(10, TimeUnit.SECONDS);
    Map<String, Object> second = scheduled.runs.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    for (Map<String, Object> run : List.of(first, second)) {
      assertThat(run).containsEntry("virtual", true);
      assertThat((String) run.get("request_id")).isNotEqualTo("null");
      assertThat(run.get("mdc_request_id")).isEqualTo(run.get("request_id"));
    }
    assertThat(first.get("request_id")).isNotEqualTo(second.get("request_id"));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  @EnableScheduling
  @Import({AsyncWork.class, ScheduledWork.class})
  static class App {}

  @Service
  static class AsyncWork {
    @Async
    public CompletableFuture<Map<String, Object>> work() {
      return CompletableFuture.completedFuture(snapshot());
    }
  }

  @Service
  static class ScheduledWork {
    final BlockingQueue<Map<String, Object>> runs = new LinkedBlockingQueue<>();

    @Scheduled(fixedDelay = 50)
    void tick() {
      runs.offer(snapshot());
    }
  }
}
