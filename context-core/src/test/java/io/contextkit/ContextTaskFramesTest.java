package io.contextkit;

import static io.contextkit.TestContexts.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextCounters.Counter;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The scope-less fast path of wrapped tasks: a task's frame lives in the thread's frame stack
 * instead of a {@link ContextScope}, and must restore exactly what a scope would.
 */
class ContextTaskFramesTest {

  private final RequestContext alice = ctx("alice");
  private final RequestContext bob = ctx("bob");
  private final RequestContext carol = ctx("carol");

  @BeforeEach
  void threadStartsClean() {
    MDC.clear();
    TestContexts.assertThreadClean();
  }

  @AfterEach
  void threadEndsClean() {
    TestContexts.assertThreadClean();
    MDC.clear();
  }

  @Test
  void restoresExactlyThePreviousContextAndMdcAfterATaskFromAnotherContext() {
    Runnable task =
        wrappedUnder(bob, () -> assertThat(TestContexts.seen().belongsTo("bob")).isTrue());
    try (ContextScope a = alice.makeCurrent()) {
      Context before = Context.current();
      List<String> mdcBefore = TestContexts.ourMdcKeys();

      task.run();

      assertThat(Context.current()).isSameAs(before);
      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(TestContexts.ourMdcKeys()).isEqualTo(mdcBefore);
      assertThat(ContextScope.openOnThisThread()).isEqualTo(1);
    }
  }

  @Test
  void runsInItsFrameAndLeavesNoFrameBehind() {
    int[] framesInside = new int[1];
    Runnable task = wrappedUnder(bob, () -> framesInside[0] = ContextScope.openOnThisThread());

    task.run();

    assertThat(framesInside[0]).isEqualTo(1);
    assertThat(ContextScope.openOnThisThread()).isZero();
  }

  @Test
  void restoresWhenTheTaskThrowsAndPropagatesTheSameException() {
    IllegalStateException boom = new IllegalStateException("boom");
    Runnable task =
        wrappedUnder(
            bob,
            () -> {
              throw boom;
            });
    try (ContextScope a = alice.makeCurrent()) {
      assertThatThrownBy(task::run).isSameAs(boom);

      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(MDC.get("user_id")).isEqualTo("user-alice");
      assertThat(MDC.get("account_id")).isEqualTo("acct-alice");
      assertThat(ContextScope.openOnThisThread()).isEqualTo(1);
    }
  }

  @Test
  void checkedExceptionOfACallablePropagatesAndTheThreadIsRestored() {
    Exception checked = new Exception("checked");
    Callable<String> task;
    try (ContextScope b = bob.makeCurrent()) {
      task =
          ContextExecutors.wrap(
              (Callable<String>)
                  () -> {
                    throw checked;
                  });
    }

    assertThatThrownBy(task::call).isSameAs(checked);
  }

  @Test
  void nestedWrappedTasksEachRestoreTheirCaller() {
    List<String> trail = new ArrayList<>();
    Runnable inner = wrappedUnder(carol, () -> trail.add("inner:" + MDC.get("user_id")));
    Runnable outer =
        wrappedUnder(
            bob,
            () -> {
              trail.add("outer:" + MDC.get("user_id"));
              inner.run();
              trail.add(
                  "outer again:" + MDC.get("user_id") + "/" + RequestContext.current().userId());
              assertThat(ContextScope.openOnThisThread()).isEqualTo(2);
            });
    try (ContextScope a = alice.makeCurrent()) {
      outer.run();
      trail.add("caller:" + MDC.get("user_id"));
    }

    assertThat(trail)
        .containsExactly(
            "outer:user-bob",
            "inner:user-carol",
            "outer again:user-bob/user-bob",
            "caller:user-alice");
  }

  @Test
  void taskCapturedInTheCurrentContextRunsWithoutAFrame() {
    try (ContextScope a = alice.makeCurrent()) {
      int[] framesInside = new int[1];
      Runnable task =
          ContextExecutors.wrap((Runnable) () -> framesInside[0] = ContextScope.openOnThisThread());

      task.run();

      assertThat(framesInside[0]).as("only the caller's scope").isEqualTo(1);
      assertThat(RequestContext.current()).isSameAs(alice);
    }
  }

  @Test
  void scopeLeakedInsideATaskIsClosedAndCountedWhenTheTaskEnds() {
    long before = ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER);
    Runnable task =
        wrappedUnder(
            bob,
            () -> {
              @SuppressWarnings({"resource", "unused"})
              ContextScope leaked = carol.makeCurrent();
            });
    try (ContextScope a = alice.makeCurrent()) {
      task.run();

      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(MDC.get("user_id")).isEqualTo("user-alice");
      assertThat(ContextScope.openOnThisThread()).isEqualTo(1);
    }
    assertThat(ContextKit.counters().get(Counter.SCOPE_OUT_OF_ORDER)).isEqualTo(before + 1);
  }

  @Test
  void enclosingScopeClosedInsideATaskTakesTheTaskFrameWithItAndTheTaskEndQuietly() {
    ContextScope a = alice.makeCurrent();
    RequestContext[] seenAfterClose = new RequestContext[1];
    Runnable task =
        wrappedUnder(
            bob,
            () -> {
              a.close();
              seenAfterClose[0] = RequestContext.current();
            });

    task.run();

    assertThat(seenAfterClose[0])
        .as("closing alice's scope restored the empty thread")
        .isSameAs(RequestContext.empty());
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
    assertThat(MDC.get("user_id")).isNull();
  }

  @Test
  void barrierInsideATaskDropsTheFrameAndTheTaskEndLeavesTheThreadAsTheBarrierDid() {
    Runnable task =
        wrappedUnder(
            bob,
            () -> {
              ContextBarrier.enter();
              assertThat(ContextScope.openOnThisThread()).isZero();
            });
    try (ContextScope a = alice.makeCurrent()) {
      task.run();

      assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
      assertThat(ContextScope.openOnThisThread()).isZero();
      assertThat(a.context()).isSameAs(alice);
    }
  }

  @Test
  void everyFunctionalWrapperRestoresTheCallerAfterRunningInItsCapture() {
    Supplier<String> supplier;
    Function<String, String> function;
    try (ContextScope b = bob.makeCurrent()) {
      supplier =
          new ContextTasks.ContextSupplier<>(
              Context.current(), () -> RequestContext.current().userId());
      function = new ContextTasks.ContextFunction<>(Context.current(), s -> s + MDC.get("user_id"));
    }
    try (ContextScope a = alice.makeCurrent()) {
      assertThat(supplier.get()).isEqualTo("user-bob");
      assertThat(function.apply(">")).isEqualTo(">user-bob");
      assertThat(RequestContext.current()).isSameAs(alice);
      assertThat(MDC.get("user_id")).isEqualTo("user-alice");
    }
  }

  @Test
  void deepTaskNestingGrowsTheFrameStackAndUnwindsIt() {
    int depth = 40;
    Runnable[] tasks = new Runnable[depth + 1];
    int[] deepest = new int[1];
    tasks[depth] = () -> deepest[0] = ContextScope.openOnThisThread();
    for (int i = depth - 1; i >= 0; i--) {
      Runnable next = tasks[i + 1];
      // A lambda, since wrapping an already wrapped task returns it unchanged.
      tasks[i] = wrappedUnder(i % 2 == 0 ? bob : carol, () -> next.run());
    }

    tasks[0].run();

    assertThat(deepest[0]).isEqualTo(depth);
    assertThat(ContextScope.openOnThisThread()).isZero();
  }

  private static Runnable wrappedUnder(RequestContext context, Runnable body) {
    try (ContextScope s = context.makeCurrent()) {
      return ContextExecutors.wrap(body);
    }
  }
}
