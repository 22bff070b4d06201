package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextBarrierTest {

  private final RequestContext alice =
      RequestContext.builder().requestId("req-a").userId("alice").build();

  @AfterEach
  void cleanUp() {
    ContextBarrier.enter();
    MDC.clear();
  }

  @Test
  void cleanThreadPassesWithoutCounting() {
    long before = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    assertThat(ContextBarrier.enter()).isFalse();
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(before);
  }

  @Test
  void dropsScopeLeftOpenByEarlierWorkAndCountsIt() {
    long before = ContextKit.counters().get(Counter.BARRIER_LEAKS);
    @SuppressWarnings({"MustBeClosedChecker", "unused"})
    ContextScope leaked = alice.makeCurrent();

    assertThat(ContextBarrier.enter()).isTrue();

    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
    assertThat(MDC.get("user_id")).isNull();
    assertThat(ContextScope.openOnThisThread()).isZero();
    assertThat(ContextKit.counters().get(Counter.BARRIER_LEAKS)).isEqualTo(before + 1);
    leaked.close();
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
  }

  @Test
  void dropsContextLeftThroughOpenTelemetryButKeepsForeignState() {
    Baggage baggage = Baggage.builder().put("k", "v").build();
    try (Scope outer = Context.current().with(baggage).makeCurrent()) {
      @SuppressWarnings({"MustBeClosedChecker", "unused"})
      Scope leaked = Context.current().with(alice).makeCurrent();

      assertThat(ContextBarrier.enter()).isTrue();

      assertThat(RequestContext.current().isEmpty()).isTrue();
      assertThat(Baggage.current().getEntryValue("k")).isEqualTo("v");
    }
  }

  @Test
  void dropsOurMdcKeysLeftByHandWrittenCode() {
    MDC.put("user_id", "mallory");
    MDC.put("unrelated", "kept");
    assertThat(ContextBarrier.enter()).isTrue();
    assertThat(MDC.get("user_id")).isNull();
    assertThat(MDC.get("unrelated")).isEqualTo("kept");
  }

  @Test
  void pooledThreadNeverCarriesAPreviousRequestIntoTheNext() throws Exception {
    // micrometer-tracing#257: a pooled thread kept the previous request's trace for hours.
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      single.submit(() -> alice.makeCurrent()).get(5, TimeUnit.SECONDS); // leaks on purpose
      String seen =
          single
              .submit(
                  () -> {
                    ContextBarrier.enter();
                    RequestContext next = RequestContext.builder().requestId("req-b").build();
                    try (ContextScope s = next.makeCurrent()) {
                      return RequestContext.current().userId() + "/" + MDC.get("user_id");
                    }
                  })
              .get(5, TimeUnit.SECONDS);
      assertThat(seen).isEqualTo("null/null");
    } finally {
      single.shutdownNow();
    }
  }
}
