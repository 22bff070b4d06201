package io.contextkit;

import static io.contextkit.TestContexts.assertThreadClean;
import static io.contextkit.TestContexts.ctx;
import static io.contextkit.TestContexts.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.TestContexts.Seen;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Scopes opened only to make a context current are not referenced in the try body.
@SuppressWarnings("try")
class ContextCompletableFutureTest {

  private ExecutorService completer;

  @BeforeEach
  void setUp() {
    completer = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    completer.shutdownNow();
    completer.awaitTermination(5, TimeUnit.SECONDS);
    assertThreadClean();
  }

  @Test
  void supplyAsyncWithoutExecutorCarriesTheContext() throws Exception {
    // spring-boot#34622 and the "not covered" row: CompletableFuture.supplyAsync loses it.
    CompletableFuture<Seen> plain;
    ContextCompletableFuture<Seen> ours;
    try (ContextScope a = ctx("a").makeCurrent()) {
      plain = CompletableFuture.supplyAsync(TestContexts::seen);
      ours = ContextCompletableFuture.supplyAsync(TestContexts::seen);
    }
    assertThat(plain.get().belongsTo("a")).as("the JDK future does not carry it").isFalse();
    assertThat(ours.get().belongsTo("a")).as("%s", ours.get()).isTrue();
  }

  @Test
  void runAsyncWithAndWithoutExecutorCarriesTheContext() throws Exception {
    List<Seen> runs = new CopyOnWriteArrayList<>();
    try (ContextScope a = ctx("a").makeCurrent()) {
      ContextCompletableFuture.runAsync(() -> runs.add(seen())).get();
      ContextCompletableFuture.runAsync(() -> runs.add(seen()), completer).get();
      ContextCompletableFuture.supplyAsync(TestContexts::seen, completer)
          .thenAccept(runs::add)
          .get();
    }
    assertThat(runs).hasSize(3).allMatch(s -> s.belongsTo("a"));
    completer.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void defaultExecutorIsContextAwareAndRestoresItsThreads() throws Exception {
    ContextCompletableFuture<String> f = new ContextCompletableFuture<>();
    assertThat(ContextExecutors.isWrapped(f.defaultExecutor())).isTrue();
    CompletableFuture<Seen> seenByDefault = new CompletableFuture<>();
    try (ContextScope a = ctx("a").makeCurrent()) {
      f.defaultExecutor().execute(() -> seenByDefault.complete(seen()));
    }
    assertThat(seenByDefault.get().belongsTo("a")).isTrue();
  }

  @Test
  void dependentStagesRunInTheContextOfTheirCreationWhoeverCompletes() throws Exception {
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    CompletableFuture<String> other = new CompletableFuture<>();
    List<CompletableFuture<Seen>> stages = new ArrayList<>();
    try (ContextScope a = ctx("a").makeCurrent()) {
      stages.add(source.thenApply(v -> seen()));
      stages.add(source.thenApplyAsync(v -> seen()));
      stages.add(source.thenApplyAsync(v -> seen(), completer));
      stages.add(source.thenCompose(v -> CompletableFuture.completedFuture(seen())));
      stages.add(source.thenComposeAsync(v -> CompletableFuture.completedFuture(seen())));
      stages.add(source.handle((v, e) -> seen()));
      stages.add(source.handleAsync((v, e) -> seen(), completer));
      stages.add(source.thenCombine(other, (x, y) -> seen()));
      stages.add(source.thenCombineAsync(other, (x, y) -> seen()));
      stages.add(source.applyToEither(other, v -> seen()));
      stages.add(source.applyToEitherAsync(other, v -> seen(), completer));
      CompletableFuture<Seen> viaAccept = new CompletableFuture<>();
      source.thenAccept(v -> viaAccept.complete(seen()));
      stages.add(viaAccept);
      CompletableFuture<Seen> viaRun = new CompletableFuture<>();
      source.thenRunAsync(() -> viaRun.complete(seen()));
      stages.add(viaRun);
      CompletableFuture<Seen> viaWhen = new CompletableFuture<>();
      source.whenComplete((v, e) -> viaWhen.complete(seen()));
      stages.add(viaWhen);
      CompletableFuture<Seen> viaBoth = new CompletableFuture<>();
      source.thenAcceptBoth(other, (x, y) -> viaBoth.complete(seen()));
      stages.add(viaBoth);
      CompletableFuture<Seen> viaAfterBoth = new CompletableFuture<>();
      source.runAfterBothAsync(other, () -> viaAfterBoth.complete(seen()));
      stages.add(viaAfterBoth);
      CompletableFuture<Seen> viaEither = new CompletableFuture<>();
      source.acceptEither(other, v -> viaEither.complete(seen()));
      stages.add(viaEither);
      CompletableFuture<Seen> viaAfterEither = new CompletableFuture<>();
      source.runAfterEither(other, () -> viaAfterEither.complete(seen()));
      stages.add(viaAfterEither);
    }
    // Complete from another thread that holds a different context.
    completer
        .submit(
            () -> {
              try (ContextScope b = ctx("b").makeCurrent()) {
                other.complete("o");
                source.complete("s");
              }
            })
        .get();
    for (CompletableFuture<Seen> stage : stages) {
      Seen s = stage.get(5, TimeUnit.SECONDS);
      assertThat(s.belongsTo("a")).as("%s", s).isTrue();
    }
    completer.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void exceptionalStagesRunInTheContextOfTheirCreation() throws Exception {
    ContextCompletableFuture<Seen> source = new ContextCompletableFuture<>();
    List<CompletableFuture<Seen>> stages = new ArrayList<>();
    try (ContextScope a = ctx("a").makeCurrent()) {
      stages.add(source.exceptionally(e -> seen()));
      stages.add(source.exceptionallyAsync(e -> seen()));
      stages.add(source.exceptionallyAsync(e -> seen(), completer));
      stages.add(source.exceptionallyCompose(e -> CompletableFuture.completedFuture(seen())));
      stages.add(source.exceptionallyComposeAsync(e -> CompletableFuture.completedFuture(seen())));
    }
    try (ContextScope b = ctx("b").makeCurrent()) {
      source.completeExceptionally(new IllegalStateException("x"));
    }
    for (CompletableFuture<Seen> stage : stages) {
      assertThat(stage.get(5, TimeUnit.SECONDS).belongsTo("a")).isTrue();
    }
  }

  @Test
  void stageOnAnAlreadyCompletedFutureRunsInItsOwnContextAndRestoresTheCaller() {
    ContextCompletableFuture<String> done = ContextCompletableFuture.completedFuture("x");
    try (ContextScope b = ctx("b").makeCurrent()) {
      assertThat(done.thenApply(v -> seen()).join().belongsTo("b")).isTrue();
      assertThat(seen().belongsTo("b")).isTrue();
    }
  }

  @Test
  void throwingStageRestoresTheCompletingThreadAndFailsWithTheSameException() throws Exception {
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> failing;
    try (ContextScope a = ctx("a").makeCurrent()) {
      failing =
          source.thenApply(
              v -> {
                throw boom;
              });
    }
    completer.submit(() -> source.complete("s")).get();
    assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class).hasCause(boom);
    assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasCause(boom);
    completer.submit(TestContexts::assertThreadClean).get();
  }

  @Test
  void dependentStagesKeepTheType() {
    ContextCompletableFuture<String> f = new ContextCompletableFuture<>();
    assertThat(f.newIncompleteFuture()).isInstanceOf(ContextCompletableFuture.class);
    assertThat(f.thenApply(Function.identity())).isInstanceOf(ContextCompletableFuture.class);
    assertThat(f.copy()).isInstanceOf(ContextCompletableFuture.class);
    assertThat(f.toCompletableFuture()).isSameAs(f);
    assertThat(ContextCompletableFuture.allOf(f)).isInstanceOf(ContextCompletableFuture.class);
    assertThat(ContextCompletableFuture.anyOf(f)).isInstanceOf(ContextCompletableFuture.class);
  }

  @Test
  void minimalStageRefusesFutureMethodsAndItsStagesCarryTheContext() throws Exception {
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    CompletionStage<String> minimal = source.minimalCompletionStage();
    assertThatThrownBy(() -> ((CompletableFuture<String>) minimal).complete("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((CompletableFuture<String>) minimal).join())
        .isInstanceOf(UnsupportedOperationException.class);
    CompletionStage<Seen> dependent;
    try (ContextScope a = ctx("a").makeCurrent()) {
      dependent = minimal.thenApplyAsync(v -> seen());
    }
    assertThatThrownBy(() -> ((CompletableFuture<Seen>) dependent).get())
        .isInstanceOf(UnsupportedOperationException.class);
    completer.submit(() -> source.complete("s")).get();
    assertThat(dependent.toCompletableFuture().get(5, TimeUnit.SECONDS).belongsTo("a")).isTrue();
    assertThat(ContextCompletableFuture.completedStage("v").toCompletableFuture().join())
        .isEqualTo("v");
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () -> ContextCompletableFuture.failedStage(boom).toCompletableFuture().join())
        .hasCause(boom);
  }

  @Test
  void adoptedForeignFutureCompletesAlikeAndItsStagesCarryTheContext() throws Exception {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    ContextCompletableFuture<String> adopted = ContextExecutors.withContext(foreign);
    assertThat(ContextExecutors.withContext(adopted)).isSameAs(adopted);
    CompletableFuture<Seen> stage;
    try (ContextScope a = ctx("a").makeCurrent()) {
      stage = adopted.thenApply(v -> seen());
    }
    completer.submit(() -> foreign.complete("x")).get();
    assertThat(adopted.get()).isEqualTo("x");
    assertThat(stage.get(5, TimeUnit.SECONDS).belongsTo("a")).isTrue();

    IllegalStateException boom = new IllegalStateException("boom");
    ContextCompletableFuture<String> failed =
        ContextExecutors.withContext(CompletableFuture.failedFuture(boom));
    assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCause(boom);
  }

  @Test
  void capturedContextIsTheOneAtStageCreationNotAtCompletionOfTheSupplier() throws Exception {
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    CompletableFuture<Seen> first;
    CompletableFuture<Seen> second;
    try (ContextScope a = ctx("a").makeCurrent()) {
      first = source.thenApply(v -> seen());
    }
    try (ContextScope c = ctx("c").makeCurrent()) {
      second = source.thenApply(v -> seen());
    }
    source.complete("x");
    assertThat(first.get().belongsTo("a")).isTrue();
    assertThat(second.get().belongsTo("c")).isTrue();
  }
}
