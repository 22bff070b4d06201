package io.contextkit;

import io.opentelemetry.context.Context;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Task wrappers that run a delegate inside the OpenTelemetry context captured when the wrapper was
 * created, restoring the running thread's previous state afterwards, also when the delegate throws.
 *
 * <p>Each wrapper is one small object holding the captured context; running it pushes one frame on
 * the running thread's preallocated frame stack (no scope object) and pops it in {@code finally},
 * or runs the delegate directly when the captured context is already current. They are named
 * classes rather than lambdas so that {@link ContextExecutors#unwrap(Runnable)} and the executors'
 * {@code shutdownNow} can recognise them and hand back the user's original task.
 */
final class ContextTasks {

  private ContextTasks() {}

  /** A runnable that runs in a captured context. */
  static final class ContextRunnable implements Runnable {
    final Context captured;
    final Runnable delegate;

    /**
     * Whether an executor wrapper (not the user) made this wrapper, so that {@code shutdownNow} may
     * hand back the delegate the user actually submitted.
     */
    final boolean madeByExecutor;

    ContextRunnable(Context captured, Runnable delegate, boolean madeByExecutor) {
      this.captured = captured;
      this.delegate = delegate;
      this.madeByExecutor = madeByExecutor;
    }

    @Override
    public void run() {
      long frame = ContextScope.enterTask(captured);
      try {
        delegate.run();
      } finally {
        ContextScope.exitTask(frame);
      }
    }

    @Override
    public String toString() {
      return "ContextRunnable[" + delegate + "]";
    }
  }

  /** A callable that runs in a captured context. */
  static final class ContextCallable<V> implements Callable<V> {
    final Context captured;
    final Callable<V> delegate;

    ContextCallable(Context captured, Callable<V> delegate) {
      this.captured = captured;
      this.delegate = delegate;
    }

    @Override
    public V call() throws Exception {
      long frame = ContextScope.enterTask(captured);
      try {
        return delegate.call();
      } finally {
        ContextScope.exitTask(frame);
      }
    }

    @Override
    public String toString() {
      return "ContextCallable[" + delegate + "]";
    }
  }

  /** A supplier that runs in a captured context. */
  static final class ContextSupplier<T> implements Supplier<T> {
    private final Context captured;
    private final Supplier<? extends T> delegate;

    ContextSupplier(Context captured, Supplier<? extends T> delegate) {
      this.captured = captured;
      this.delegate = delegate;
    }

    @Override
    public T get() {
      long frame = ContextScope.enterTask(captured);
      try {
        return delegate.get();
      } finally {
        ContextScope.exitTask(frame);
      }
    }
  }

  /** A function that runs in a captured context. */
  static final class ContextFunction<T, R> implements Function<T, R> {
    private final Context captured;
    private final Function<? super T, ? extends R> delegate;

    ContextFunction(Context captured, Function<? super T, ? extends R> delegate) {
      this.captured = captured;
      this.delegate = delegate;
    }

    @Override
    public R apply(T t) {
      long frame = ContextScope.enterTask(captured);
      try {
        return delegate.apply(t);
      } finally {
        ContextScope.exitTask(frame);
      }
    }
  }

  /** A bi-function that runs in a captured context. */
  static final class ContextBiFunction<T, U, R> implements BiFunction<T, U, R> {
    private final Context captured;
    private final BiFunction<? super T, ? super U, ? extends R> delegate;

    ContextBiFunction(Context captured, BiFunction<? super T, ? super U, ? extends R> delegate) {
      this.captured = captured;
      this.delegate = delegate;
    }

    @Override
    public R apply(T t, U u) {
      long frame = ContextScope.enterTask(captured);
      try {
        return delegate.apply(t, u);
      } finally {
        ContextScope.exitTask(frame);
      }
    }
  }

  /** A consumer that runs in a captured context. */
  static final class ContextConsumer<T> implements Consumer<T> {
    private final Context captured;
    private final Consumer<? super T> delegate;

    ContextConsumer(Context captured, Consumer<? super T> delegate) {
      this.captured = captured;
      this.delegate = delegate;
    }

    @Override
    public void accept(T t) {
      long frame = ContextScope.enterTask(captured);
      try {
        delegate.accept(t);
      } finally {
        ContextScope.exitTask(frame);
      }
    }
  }

  /** A bi-consumer that runs in a captured context. */
  static final class ContextBiConsumer<T, U> implements BiConsumer<T, U> {
    private final Context captured;
    private final BiConsumer<? super T, ? super U> delegate;

    ContextBiConsumer(Context captured, BiConsumer<? super T, ? super U> delegate) {
      this.captured = captured;
      this.delegate = delegate;
    }

    @Override
    public void accept(T t, U u) {
      long frame = ContextScope.enterTask(captured);
      try {
        delegate.accept(t, u);
      } finally {
        ContextScope.exitTask(frame);
      }
    }
  }
}
