package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextScopeTest {

  private final RequestContext alice =
      RequestContext.builder().requestId("req-a").userId("alice").build();
  private final RequestContext bob =
      RequestContext.builder().requestId("req-b").userId("bob").accountId("acme").build();
  private final RequestContext carol =
      RequestContext.builder().requestId("req-c").userId("carol").build();

  @AfterEach
  void threadIsClean() {
    assertThat(ContextScope.openOnThisThread()).isZero();
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
    assertThat(MDC.get("user_id")).isNull();
    MDC.clear();
  }

  @Test
  void makesContextCurrentAndRestoresPreviousWhenScopeCloses() {
    try (ContextScope a = alice.makeCurrent()) {
      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(a.context()).isSameAs(alice);
      try (ContextScope b = bob.makeCurrent()) {
        assertThat(RequestContext.current()).isSameAs(bob);
      }
      assertThat(RequestContext.current()).isSameAs(alice);
    }
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
  }

  @Test
  void projectsOwnKeysIntoMdcAndRestoresThemOnClose() {
    MDC.put("unrelated", "kept");
    try (ContextScope a = alice.makeCurrent()) {
      assertThat(MDC.get("user_id")).isEqualTo("alice");
      assertThat(MDC.get("request_id")).isEqualTo("req-a");
      assertThat(MDC.get("request_type")).isEqualTo("STANDARD");
      assertThat(MDC.get("account_id")).isNull();
      try (ContextScope b = bob.makeCurrent()) {
        assertThat(MDC.get("user_id")).isEqualTo("bob");
        assertThat(MDC.get("account_id")).isEqualTo("acme");
      }
      assertThat(MDC.get("user_id")).isEqualTo("alice");
      assertThat(MDC.get("account_id")).as("restored, not left over from bob").isNull();
    }
    assertThat(MDC.get("request_id")).isNull();
    assertThat(MDC.get("request_type")).isNull();
    assertThat(MDC.get("unrelated")).isEqualTo("kept");
  }

  @Test
  void rewritesEveryKeyWhenSomeoneClearedTheMdcInsideAScope() {
    try (ContextScope a = alice.makeCurrent()) {
      MDC.clear();
      try (ContextScope b = alice.toBuilder().accountId("acme").build().makeCurrent()) {
        assertThat(MDC.get("user_id")).isEqualTo("alice");
        assertThat(MDC.get("account_id")).isEqualTo("acme");
      }
    }
  }

  @Test
  void nestsToAnyDepth() {
    ContextScope[] scopes = new ContextScope[200];
    RequestContext[] contexts = new RequestContext[200];
    for (int i = 0; i < scopes.length; i++) {
      contexts[i] = RequestContext.builder().requestId("r" + i).build();
      scopes[i] = contexts[i].makeCurrent();
    }
    for (int i = scopes.length - 1; i >= 0; i--) {
      assertThat(RequestContext.current()).isSameAs(contexts[i]);
      assertThat(MDC.get("request_id")).isEqualTo("r" + i);
      scopes[i].close();
    }
  }

  @Test
  void closingOuterScopeFirstClosesInnerScopesAndCounts() {
    long before = ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER);
    ContextScope a = alice.makeCurrent();
    ContextScope b = bob.makeCurrent();
    ContextScope c = carol.makeCurrent();

    a.close();

    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
    assertThat(MDC.get("user_id")).isNull();
    assertThat(ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER)).isEqualTo(before + 1);
    b.close();
    c.close();
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
    assertThat(ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER)).isEqualTo(before + 1);
  }

  @Test
  void closingMiddleScopeRestoresTheOuterContext() {
    try (ContextScope a = alice.makeCurrent()) {
      ContextScope b = bob.makeCurrent();
      ContextScope c = carol.makeCurrent();
      b.close();
      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(MDC.get("user_id")).isEqualTo("alice");
      c.close();
      assertThat(RequestContext.current()).isSameAs(alice);
    }
  }

  @Test
  void taskRunInlineWhereItsContextIsAlreadyCurrentLeavesTheScopeStackAlone() {
    try (ContextScope a = alice.makeCurrent()) {
      Runnable task =
          ContextExecutors.wrap(
              (Runnable)
                  () -> {
                    assertThat(RequestContext.current()).isSameAs(alice);
                    assertThat(ContextScope.openOnThisThread()).isEqualTo(1);
                  });
      task.run();
      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(MDC.get("user_id")).isEqualTo("alice");
      assertThat(ContextScope.openOnThisThread()).isEqualTo(1);
    }
  }

  @Test
  void closeIsIdempotent() {
    try (ContextScope a = alice.makeCurrent()) {
      ContextScope b = bob.makeCurrent();
      b.close();
      b.close();
      assertThat(RequestContext.current()).isSameAs(alice);
    }
  }

  @Test
  void closingOnAnotherThreadDoesNothingThereAndIsRepairedByTheOwner() throws Exception {
    long before = ContextKit.counters().get(Counter.SCOPE_WRONG_THREAD);
    ContextScope a = alice.makeCurrent();
    ContextScope b = bob.makeCurrent();
    CompletableFuture.runAsync(b::close).get(5, TimeUnit.SECONDS);

    assertThat(ContextKit.counters().get(Counter.SCOPE_WRONG_THREAD)).isEqualTo(before + 1);
    assertThat(RequestContext.current()).isSameAs(bob);
    a.close();
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
  }

  @Test
  void foreignScopeLeftOpenInsideOursIsDiscardedWhenOursCloses() {
    long before = ContextKit.counters().get(Counter.SCOPE_FOREIGN_LEFT_OPEN);
    Baggage baggage = Baggage.builder().put("k", "v").build();
    try (ContextScope a = alice.makeCurrent()) {
      @SuppressWarnings({"MustBeClosedChecker", "unused"})
      Scope leaked = Context.current().with(baggage).makeCurrent();
      assertThat(RequestContext.current()).isSameAs(alice);
    }
    assertThat(Baggage.current().isEmpty()).isTrue();
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
    assertThat(ContextKit.counters().get(Counter.SCOPE_FOREIGN_LEFT_OPEN)).isEqualTo(before + 1);
  }

  @Test
  void foreignStateCurrentBeforeOurScopeIsKept() {
    Baggage baggage = Baggage.builder().put("k", "v").build();
    try (Scope outer = Context.current().with(baggage).makeCurrent()) {
      try (ContextScope a = alice.makeCurrent()) {
        assertThat(Baggage.current().getEntryValue("k")).isEqualTo("v");
      }
      assertThat(Baggage.current().getEntryValue("k")).isEqualTo("v");
    }
  }

  @Test
  void contextMadeCurrentThroughOpenTelemetryIsVisible() {
    try (Scope s = Context.current().with(alice).makeCurrent()) {
      assertThat(RequestContext.current()).isSameAs(alice);
    }
  }

  @Test
  void recordingFlagsRefreshesTheMdcOfTheCurrentRequestOnly() {
    try (ContextScope a = alice.makeCurrent()) {
      alice.recordFlagEvaluation(new FlagEvaluation("new-pricing", "on", "TARGETING_MATCH"));
      assertThat(MDC.get("feature_flags")).isEqualTo("new-pricing=on");
      bob.recordFlagEvaluation(new FlagEvaluation("other", "off", "STATIC"));
      assertThat(MDC.get("feature_flags")).isEqualTo("new-pricing=on");
      try (ContextScope b = bob.makeCurrent()) {
        assertThat(MDC.get("feature_flags")).isEqualTo("other=off");
      }
      assertThat(MDC.get("feature_flags")).isEqualTo("new-pricing=on");
    }
    assertThat(MDC.get("feature_flags")).isNull();
  }

  @Test
  void failingProjectionNeverBreaksTheScope() {
    java.util.List<io.contextkit.spi.ContextProjection> saved = ContextKit.projections();
    try {
      ContextKit.setProjections(
          java.util.List.of(
              (next, previous) -> {
                throw new IllegalStateException("boom");
              }));
      try (ContextScope a = alice.makeCurrent()) {
        assertThat(RequestContext.current()).isSameAs(alice);
      }
    } finally {
      ContextKit.setProjections(saved);
    }
  }
}
