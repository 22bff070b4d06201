package io.contextkit;

import io.contextkit.ContextTasks.ContextBiConsumer;
import io.contextkit.ContextTasks.ContextBiFunction;
import io.contextkit.ContextTasks.ContextConsumer;
import io.contextkit.ContextTasks.ContextFunction;
import io.contextkit.ContextTasks.ContextRunnable;
import io.contextkit.ContextTasks.ContextSupplier;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CompletableFuture} whose stages carry the context: every function passed to a dependent
 * stage ({@code thenApply}, {@code thenCompose}, {@code whenComplete}, {@code handle}, {@code
 * exceptionally}, {@code thenCombine}, {@code applyToEither}, their {@code *Async} variants, ...)
 * runs in the context current when that <em>stage was created</em> — the MicroProfile {@code
 * ManagedExecutor} semantics — whichever thread completes the previous stage, and restores that
 * thread's own state afterwards.
 *
 * <p>{@link #supplyAsync(Supplier)} and {@link #runAsync(Runnable)} without an executor, and the
 * {@code *Async} stages without one, run on a context-aware {@linkplain #defaultExecutor() default
 * executor} (the JDK's default async pool, wrapped) — the case a plain {@code
 * CompletableFuture.supplyAsync} loses. Dependent stages are again {@code
 * ContextCompletableFuture}s ({@link #newIncompleteFuture()}), and so are the stages of a {@link
 * #minimalCompletionStage()}. Adopt a foreign future with {@link
 * ContextExecutors#withContext(CompletionStage)}.
 *
 * <pre>{@code
 * try (ContextScope scope = ctx.makeCurrent()) {
 *   ContextCompletableFuture.supplyAsync(() -> repository.load(RequestContext.current().userId()))
 *       .thenApply(row -> render(row))                      // runs in ctx
 *       .whenComplete((v, e) -> log.info("done"));          // MDC has user_id
 * }
 * }</pre>
 *
 * <p>The static factories hide those of {@code CompletableFuture}: call them on this class. {@link
 * CompletableFuture#allOf} and {@code anyOf} of the JDK return plain futures; use {@link
 * #allOf(CompletableFuture[])} and {@link #anyOf(CompletableFuture[])} here. Thread-safe, like
 * {@code CompletableFuture}.
 *
 * @param <T> the result type
 */
public sealed class ContextCompletableFuture<T extends @Nullable Object>
    extends CompletableFuture<T> permits ContextCompletableFuture.MinimalStage {

  /** Creates a new incomplete future. */
  public ContextCompletableFuture() {}

  // static factories (hide CompletableFuture's)

  /**
   * A future completed by {@code supplier}, run on the {@linkplain #defaultExecutor() default
   * executor} in the context current now.
   */
  public static <U> ContextCompletableFuture<U> supplyAsync(Supplier<U> supplier) {
    return new ContextCompletableFuture<U>().completeAsync(supplier);
  }

  /** A future completed by {@code supplier}, run by {@code executor} in the context current now. */
  public static <U> ContextCompletableFuture<U> supplyAsync(
      Supplier<U> supplier, Executor executor) {
    return new ContextCompletableFuture<U>().completeAsync(supplier, executor);
  }

  /**
   * A future completed after {@code runnable} ran on the {@linkplain #defaultExecutor() default
   * executor} in the context current now.
   */
  public static ContextCompletableFuture<Void> runAsync(Runnable runnable) {
    return new ContextCompletableFuture<Void>().completeAsync(new RunnableSupplier(runnable));
  }

  /**
   * A future completed after {@code runnable} ran on {@code executor} in the context current now.
   */
  public static ContextCompletableFuture<Void> runAsync(Runnable runnable, Executor executor) {
    return new ContextCompletableFuture<Void>()
        .completeAsync(new RunnableSupplier(runnable), executor);
  }

  /** A future already completed with {@code value}. */
  public static <U> ContextCompletableFuture<U> completedFuture(U value) {
    ContextCompletableFuture<U> f = new ContextCompletableFuture<>();
    f.relayComplete(value, null);
    return f;
  }

  /** A future already completed exceptionally with {@code ex}. */
  public static <U> ContextCompletableFuture<U> failedFuture(Throwable ex) {
    Objects.requireNonNull(ex, "ex");
    ContextCompletableFuture<U> f = new ContextCompletableFuture<>();
    f.relayComplete(null, ex);
    return f;
  }

  /** A minimal stage already completed with {@code value}. */
  public static <U> CompletionStage<U> completedStage(U value) {
    MinimalStage<U> f = new MinimalStage<>();
    f.relayComplete(value, null);
    return f;
  }

  /** A minimal stage already completed exceptionally with {@code ex}. */
  public static <U> CompletionStage<U> failedStage(Throwable ex) {
    Objects.requireNonNull(ex, "ex");
    MinimalStage<U> f = new MinimalStage<>();
    f.relayComplete(null, ex);
    return f;
  }

  /** Like {@link CompletableFuture#allOf}, returning a future whose stages carry the context. */
  public static ContextCompletableFuture<Void> allOf(CompletableFuture<?>... cfs) {
    return adopt(CompletableFuture.allOf(cfs));
  }

  /** Like {@link CompletableFuture#anyOf}, returning a future whose stages carry the context. */
  public static ContextCompletableFuture<Object> anyOf(CompletableFuture<?>... cfs) {
    return adopt(CompletableFuture.anyOf(cfs));
  }

  static <U> ContextCompletableFuture<U> adopt(CompletionStage<U> stage) {
    Objects.requireNonNull(stage, "stage");
    if (stage instanceof ContextCompletableFuture && !(stage instanceof MinimalStage)) {
      return (ContextCompletableFuture<U>) stage;
    }
    ContextCompletableFuture<U> f = new ContextCompletableFuture<>();
    stage.whenComplete(new Relay<>(f));
    return f;
  }

  // CompletableFuture's extension points

  @Override
  public <U> ContextCompletableFuture<U> newIncompleteFuture() {
    return new ContextCompletableFuture<>();
  }

  /**
   * The JDK's default async executor (the common pool, or a thread per task when the common pool
   * has no parallelism), wrapped so every task runs in the context current at submission and the
   * pool thread is restored afterwards.
   */
  @Override
  public Executor defaultExecutor() {
    return DefaultExecutor.INSTANCE;
  }

  /**
   * A stage that completes as this future does and supports only the {@link CompletionStage}
   * methods (the others throw {@link UnsupportedOperationException}, as the JDK's minimal stage
   * does); its dependent stages carry the context.
   */
  @Override
  public CompletionStage<T> minimalCompletionStage() {
    MinimalStage<T> stage = new MinimalStage<>();
    relayTo(stage);
    return stage;
  }

  @Override
  public ContextCompletableFuture<T> toCompletableFuture() {
    return this;
  }

  @Override
  public ContextCompletableFuture<T> copy() {
    return (ContextCompletableFuture<T>) super.copy();
  }

  @Override
  public ContextCompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    super.completeAsync(supplier(supplier));
    return this;
  }

  @Override
  public ContextCompletableFuture<T> completeAsync(
      Supplier<? extends T> supplier, Executor executor) {
    super.completeAsync(supplier(supplier), executor);
    return this;
  }

  @Override
  public ContextCompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
    super.orTimeout(timeout, unit);
    return this;
  }

  @Override
  public ContextCompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
    super.completeOnTimeout(value, timeout, unit);
    return this;
  }

  // dependent stages: each function is bound to the context current at stage creation

  @Override
  public <U> ContextCompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return (ContextCompletableFuture<U>) super.<U>thenApply(function(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return (ContextCompletableFuture<U>) super.<U>thenApplyAsync(function(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    return (ContextCompletableFuture<U>) super.<U>thenApplyAsync(function(fn), executor);
  }

  @Override
  public ContextCompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return (ContextCompletableFuture<Void>) super.thenAccept(consumer(action));
  }

  @Override
  public ContextCompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    return (ContextCompletableFuture<Void>) super.thenAcceptAsync(consumer(action));
  }

  @Override
  public ContextCompletableFuture<Void> thenAcceptAsync(
      Consumer<? super T> action, Executor executor) {
    return (ContextCompletableFuture<Void>) super.thenAcceptAsync(consumer(action), executor);
  }

  @Override
  public ContextCompletableFuture<Void> thenRun(Runnable action) {
    return (ContextCompletableFuture<Void>) super.thenRun(runnable(action));
  }

  @Override
  public ContextCompletableFuture<Void> thenRunAsync(Runnable action) {
    return (ContextCompletableFuture<Void>) super.thenRunAsync(runnable(action));
  }

  @Override
  public ContextCompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    return (ContextCompletableFuture<Void>) super.thenRunAsync(runnable(action), executor);
  }

  @Override
  public <U, V> ContextCompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return (ContextCompletableFuture<V>) super.<U, V>thenCombine(other, biFunction(fn));
  }

  @Override
  public <U, V> ContextCompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return (ContextCompletableFuture<V>) super.<U, V>thenCombineAsync(other, biFunction(fn));
  }

  @Override
  public <U, V> ContextCompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return (ContextCompletableFuture<V>)
        super.<U, V>thenCombineAsync(other, biFunction(fn), executor);
  }

  @Override
  public <U> ContextCompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return (ContextCompletableFuture<Void>) super.thenAcceptBoth(other, biConsumer(action));
  }

  @Override
  public <U> ContextCompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return (ContextCompletableFuture<Void>) super.thenAcceptBothAsync(other, biConsumer(action));
  }

  @Override
  public <U> ContextCompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return (ContextCompletableFuture<Void>)
        super.thenAcceptBothAsync(other, biConsumer(action), executor);
  }

  @Override
  public ContextCompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return (ContextCompletableFuture<Void>) super.runAfterBoth(other, runnable(action));
  }

  @Override
  public ContextCompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action) {
    return (ContextCompletableFuture<Void>) super.runAfterBothAsync(other, runnable(action));
  }

  @Override
  public ContextCompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return (ContextCompletableFuture<Void>)
        super.runAfterBothAsync(other, runnable(action), executor);
  }

  @Override
  public <U> ContextCompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return (ContextCompletableFuture<U>) super.<U>applyToEither(other, function(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return (ContextCompletableFuture<U>) super.<U>applyToEitherAsync(other, function(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return (ContextCompletableFuture<U>) super.<U>applyToEitherAsync(other, function(fn), executor);
  }

  @Override
  public ContextCompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return (ContextCompletableFuture<Void>) super.acceptEither(other, consumer(action));
  }

  @Override
  public ContextCompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return (ContextCompletableFuture<Void>) super.acceptEitherAsync(other, consumer(action));
  }

  @Override
  public ContextCompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return (ContextCompletableFuture<Void>)
        super.acceptEitherAsync(other, consumer(action), executor);
  }

  @Override
  public ContextCompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return (ContextCompletableFuture<Void>) super.runAfterEither(other, runnable(action));
  }

  @Override
  public ContextCompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action) {
    return (ContextCompletableFuture<Void>) super.runAfterEitherAsync(other, runnable(action));
  }

  @Override
  public ContextCompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return (ContextCompletableFuture<Void>)
        super.runAfterEitherAsync(other, runnable(action), executor);
  }

  @Override
  public <U> ContextCompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return (ContextCompletableFuture<U>) super.<U>thenCompose(function(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return (ContextCompletableFuture<U>) super.<U>thenComposeAsync(function(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return (ContextCompletableFuture<U>) super.<U>thenComposeAsync(function(fn), executor);
  }

  @Override
  public ContextCompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return (ContextCompletableFuture<T>) super.whenComplete(biConsumer(action));
  }

  @Override
  public ContextCompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action) {
    return (ContextCompletableFuture<T>) super.whenCompleteAsync(biConsumer(action));
  }

  @Override
  public ContextCompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return (ContextCompletableFuture<T>) super.whenCompleteAsync(biConsumer(action), executor);
  }

  @Override
  public <U> ContextCompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return (ContextCompletableFuture<U>) super.<U>handle(biFunction(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn) {
    return (ContextCompletableFuture<U>) super.<U>handleAsync(biFunction(fn));
  }

  @Override
  public <U> ContextCompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return (ContextCompletableFuture<U>) super.<U>handleAsync(biFunction(fn), executor);
  }

  @Override
  public ContextCompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return (ContextCompletableFuture<T>) super.exceptionally(function(fn));
  }

  @Override
  public ContextCompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return (ContextCompletableFuture<T>) super.exceptionallyAsync(function(fn));
  }

  @Override
  public ContextCompletableFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    return (ContextCompletableFuture<T>) super.exceptionallyAsync(function(fn), executor);
  }

  @Override
  public ContextCompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return (ContextCompletableFuture<T>) super.exceptionallyCompose(function(fn));
  }

  @Override
  public ContextCompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return (ContextCompletableFuture<T>) super.exceptionallyComposeAsync(function(fn));
  }

  @Override
  public ContextCompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    return (ContextCompletableFuture<T>) super.exceptionallyComposeAsync(function(fn), executor);
  }

  // internals

  /** Completes this future bypassing overrides (the minimal stage refuses public completion). */
  final void relayComplete(@Nullable T value, @Nullable Throwable ex) {
    if (ex == null) {
      super.complete(value);
    } else {
      super.completeExceptionally(ex);
    }
  }

  private static <A, R> Function<A, R> function(Function<? super A, ? extends R> fn) {
    return new ContextFunction<>(Context.current(), Objects.requireNonNull(fn, "fn"));
  }

  private static <A, B, R> BiFunction<A, B, R> biFunction(
      BiFunction<? super A, ? super B, ? extends R> fn) {
    return new ContextBiFunction<>(Context.current(), Objects.requireNonNull(fn, "fn"));
  }

  private static <A> Consumer<A> consumer(Consumer<? super A> action) {
    return new ContextConsumer<>(Context.current(), Objects.requireNonNull(action, "action"));
  }

  private static <A, B> BiConsumer<A, B> biConsumer(BiConsumer<? super A, ? super B> action) {
    return new ContextBiConsumer<>(Context.current(), Objects.requireNonNull(action, "action"));
  }

  private static Runnable runnable(Runnable action) {
    return new ContextRunnable(Context.current(), Objects.requireNonNull(action, "action"), false);
  }

  private static <A> Supplier<A> supplier(Supplier<? extends A> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return new ContextSupplier<A>(Context.current(), supplier);
  }

  /** Completes a target future with the outcome of the stage it is attached to. */
  private static final class Relay<U> implements BiConsumer<U, Throwable> {
    private final ContextCompletableFuture<U> target;

    Relay(ContextCompletableFuture<U> target) {
      this.target = target;
    }

    @Override
    public void accept(@Nullable U value, @Nullable Throwable ex) {
      target.relayComplete(value, ex);
    }
  }

  /** Adapts a runnable to a supplier of {@code null}, for {@code runAsync}. */
  private static final class RunnableSupplier implements Supplier<Void> {
    private final Runnable runnable;

    RunnableSupplier(Runnable runnable) {
      this.runnable = Objects.requireNonNull(runnable, "runnable");
    }

    @Override
    public @Nullable Void get() {
      runnable.run();
      return null;
    }
  }

  /** The JDK's default async executor, wrapped once. */
  private static final class DefaultExecutor {
    static final Executor INSTANCE =
        ContextExecutors.wrap(new CompletableFuture<Object>().defaultExecutor());
  }

  /**
   * The {@link CompletionStage}-only view: like the JDK's minimal stage, everything beyond {@code
   * CompletionStage} (and {@link #toCompletableFuture()}) throws; its dependents are minimal too.
   */
  static final class MinimalStage<T extends @Nullable Object> extends ContextCompletableFuture<T> {

    MinimalStage() {}

    @Override
    public <U> ContextCompletableFuture<U> newIncompleteFuture() {
      return new MinimalStage<>();
    }

    @Override
    public ContextCompletableFuture<T> toCompletableFuture() {
      ContextCompletableFuture<T> f = new ContextCompletableFuture<>();
      super.relayTo(f);
      return f;
    }

    @Override
    public T get() {
      throw unsupported();
    }

    @Override
    public T get(long timeout, TimeUnit unit) {
      throw unsupported();
    }

    @Override
    public T getNow(T valueIfAbsent) {
      throw unsupported();
    }

    @Override
    public T join() {
      throw unsupported();
    }

    @Override
    public boolean complete(T value) {
      throw unsupported();
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      throw unsupported();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      throw unsupported();
    }

    @Override
    public void obtrudeValue(T value) {
      throw unsupported();
    }

    @Override
    public void obtrudeException(Throwable ex) {
      throw unsupported();
    }

    @Override
    public boolean isDone() {
      throw unsupported();
    }

    @Override
    public boolean isCancelled() {
      throw unsupported();
    }

    @Override
    public boolean isCompletedExceptionally() {
      throw unsupported();
    }

    @Override
    public int getNumberOfDependents() {
      throw unsupported();
    }

    @Override
    public ContextCompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
      throw unsupported();
    }

    @Override
    public ContextCompletableFuture<T> completeAsync(
        Supplier<? extends T> supplier, Executor executor) {
      throw unsupported();
    }

    @Override
    public ContextCompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
      throw unsupported();
    }

    @Override
    public ContextCompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
      throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
      return new UnsupportedOperationException(
          "a minimal CompletionStage supports only its own methods");
    }
  }

  /** Relays this future's outcome into {@code target} without running any user code. */
  final void relayTo(ContextCompletableFuture<T> target) {
    super.whenComplete(new Relay<>(target));
  }
}
