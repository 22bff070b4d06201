package io.contextkit;

import io.contextkit.ContextTasks.ContextCallable;
import io.contextkit.ContextTasks.ContextRunnable;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Carries the context across asynchronous boundaries: tasks, executors, thread factories,
 * completion stages and virtual threads.
 *
 * <p>The contract everywhere is the same:
 *
 * <ul>
 *   <li><b>Capture at creation.</b> A task takes the whole OpenTelemetry {@link Context#current()
 *       Context} (so our {@link RequestContext}, OpenTelemetry spans and baggage travel together)
 *       when it is wrapped or submitted — not when it runs. Changing the context afterwards does
 *       not change what the task sees.
 *   <li><b>Restore, never clear.</b> The task runs in a {@link ContextScope} that makes the
 *       captured context current and projects it (the MDC has {@code user_id}, ...). When the task
 *       ends, normally or by throwing, the running thread gets back exactly the context and MDC it
 *       had before; scopes the task leaked are closed. The task's exception propagates unchanged.
 *   <li><b>Never twice.</b> Wrapping is idempotent: an already wrapped task, executor or factory is
 *       returned as it is (a task keeps the context of its first capture), and {@code unwrap} gives
 *       the delegate back.
 * </ul>
 *
 * <pre>{@code
 * ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(8));
 * try (ContextScope scope = ctx.makeCurrent()) {
 *   pool.submit(() -> RequestContext.current().userId());   // "alice", also MDC.get("user_id")
 * }
 *
 * ContextCompletableFuture.supplyAsync(() -> load(RequestContext.current().accountId()))
 *     .thenApply(this::render);                               // every stage sees ctx
 *
 * ExecutorService vt = ContextExecutors.newVirtualThreadPerTaskExecutor();   // Java 21+
 * }</pre>
 *
 * <p>All methods are thread-safe; wrappers are as thread-safe as their delegates.
 */
// wrap(Executor) and wrap(ThreadFactory) both take one Runnable parameter, so a bare lambda needs
// a cast; one verb for every kind of wrapper reads best, and callers pass existing objects.
@SuppressWarnings("overloads")
public final class ContextExecutors {

  private ContextExecutors() {}

  /**
   * A runnable that runs {@code task} in the context current now. Returns {@code task} itself when
   * it is already wrapped.
   */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (task instanceof ContextRunnable) {
      return task;
    }
    return new ContextRunnable(Context.current(), task, false);
  }

  /**
   * A callable that calls {@code task} in the context current now. Returns {@code task} itself when
   * it is already wrapped.
   */
  public static <V> Callable<V> wrap(Callable<V> task) {
    Objects.requireNonNull(task, "task");
    if (task instanceof ContextCallable) {
      return task;
    }
    return new ContextCallable<>(Context.current(), task);
  }

  /**
   * An executor that runs every task in the context current when the task was handed to {@link
   * Executor#execute}. An {@link ExecutorService} or {@link ScheduledExecutorService} is wrapped as
   * such (the result can be cast back), so its lifecycle methods keep working.
   */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ExecutorService) {
      return wrap((ExecutorService) executor);
    }
    if (executor instanceof ContextExecutor) {
      return executor;
    }
    return new ContextExecutor(executor);
  }

  /**
   * An executor service whose tasks run in the context current when they were submitted ({@code
   * execute}, {@code submit}, every task of {@code invokeAll} and {@code invokeAny}). Lifecycle
   * methods go to the delegate; {@code shutdownNow} returns the runnables the caller passed to
   * {@code execute} (and the delegate's own futures for {@code submit}), not our wrappers. A {@link
   * ScheduledExecutorService} is wrapped as one.
   *
   * <p>Works for any executor service, including {@code
   * Executors.newVirtualThreadPerTaskExecutor()} and a {@code ForkJoinPool} (tasks it forks
   * internally are not wrapped).
   */
  public static ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ScheduledExecutorService) {
      return wrap((ScheduledExecutorService) executor);
    }
    if (executor instanceof ContextExecutorService) {
      return executor;
    }
    return new ContextExecutorService(executor);
  }

  /**
   * A scheduled executor service whose tasks run in the context current when they were scheduled.
   * Each run of a periodic task ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) runs
   * in that same context and restores the thread afterwards.
   */
  public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ContextScheduledExecutorService) {
      return executor;
    }
    return new ContextScheduledExecutorService(executor);
  }

  /**
   * A thread factory for <em>pools</em>: every thread it creates runs its runnable (for a pool, the
   * worker loop) starting from the <em>empty</em> context, and its MDC carries none of our keys,
   * whatever thread created it.
   *
   * <p>Why empty and not the creator's context: a pool creates its threads lazily, inside the
   * {@code execute} call of whichever task happens to need a new worker. A thread that kept that
   * submitter's context would hold it for its whole life and show it between tasks, to unwrapped
   * tasks and to the pool's own logging — the "same trace id on a pooled thread for hours" bug.
   * Per-task context is the executor wrapper's job: combine this with {@link
   * #wrap(ExecutorService)}. For threads that run exactly one task (raw threads, virtual threads),
   * use {@link #wrapThreadPerTask(ThreadFactory)}.
   *
   * <pre>{@code
   * ExecutorService pool =
   *     ContextExecutors.wrap(Executors.newFixedThreadPool(4, ContextExecutors.wrap(factory)));
   * }</pre>
   */
  public static ThreadFactory wrap(ThreadFactory factory) {
    Objects.requireNonNull(factory, "factory");
    if (factory instanceof ContextThreadFactory) {
      ContextThreadFactory wrapped = (ContextThreadFactory) factory;
      return wrapped.carriesCreatorContext
          ? new ContextThreadFactory(wrapped.delegate, false)
          : wrapped;
    }
    return new ContextThreadFactory(factory, false);
  }

  /**
   * A thread factory for <em>thread-per-task</em> use: every thread it creates runs its runnable in
   * the context current when {@link ThreadFactory#newThread} was called, and restores the thread's
   * previous state when the runnable ends. Right for raw threads ({@code
   * factory.newThread(task).start()}), {@code Thread.ofVirtual().factory()}, {@code
   * Executors.newThreadPerTaskExecutor} and executors that start a thread per task; wrong for pools
   * that reuse threads (see {@link #wrap(ThreadFactory)}).
   *
   * <pre>{@code
   * ThreadFactory threads = ContextExecutors.wrapThreadPerTask(Thread.ofVirtual().factory());
   * threads.newThread(() -> log.info("runs as {}", MDC.get("user_id"))).start();
   * }</pre>
   */
  public static ThreadFactory wrapThreadPerTask(ThreadFactory factory) {
    Objects.requireNonNull(factory, "factory");
    if (factory instanceof ContextThreadFactory) {
      ContextThreadFactory wrapped = (ContextThreadFactory) factory;
      return wrapped.carriesCreatorContext
          ? wrapped
          : new ContextThreadFactory(wrapped.delegate, true);
    }
    return new ContextThreadFactory(factory, true);
  }

  /**
   * {@code Executors.newVirtualThreadPerTaskExecutor()}, wrapped: every task runs on a new virtual
   * thread in the context current when it was submitted.
   *
   * @throws UnsupportedOperationException on a JVM older than Java 21
   */
  public static ExecutorService newVirtualThreadPerTaskExecutor() {
    return wrap(VirtualThreads.newThreadPerTaskExecutor());
  }

  /**
   * {@code Thread.ofVirtual().factory()}, wrapped with {@link #wrapThreadPerTask(ThreadFactory)}:
   * every virtual thread runs in the context current when it was created. Virtual threads are never
   * pooled, so carrying the creator's context is right here.
   *
   * @throws UnsupportedOperationException on a JVM older than Java 21
   */
  public static ThreadFactory virtualThreadFactory() {
    return wrapThreadPerTask(VirtualThreads.factory());
  }

  /**
   * Adopts a foreign completion stage: the returned future completes as {@code stage} does, and its
   * dependent stages run in the context current when each of them is created (see {@link
   * ContextCompletableFuture}). Returns {@code stage} itself when it already is one.
   */
  public static <T> ContextCompletableFuture<T> withContext(CompletionStage<T> stage) {
    return ContextCompletableFuture.adopt(stage);
  }

  /** The task {@code task} wraps, or {@code task} itself when it is not wrapped. */
  public static Runnable unwrap(Runnable task) {
    return task instanceof ContextRunnable ? ((ContextRunnable) task).delegate : task;
  }

  /** The task {@code task} wraps, or {@code task} itself when it is not wrapped. */
  public static <V> Callable<V> unwrap(Callable<V> task) {
    return task instanceof ContextCallable ? ((ContextCallable<V>) task).delegate : task;
  }

  /** The executor {@code executor} wraps, or {@code executor} itself when it is not wrapped. */
  public static Executor unwrap(Executor executor) {
    if (executor instanceof ContextExecutor) {
      return ((ContextExecutor) executor).delegate;
    }
    if (executor instanceof ContextExecutorService) {
      return ((ContextExecutorService) executor).delegate;
    }
    return executor;
  }

  /** The executor {@code executor} wraps, or {@code executor} itself when it is not wrapped. */
  public static ExecutorService unwrap(ExecutorService executor) {
    return executor instanceof ContextExecutorService
        ? ((ContextExecutorService) executor).delegate
        : executor;
  }

  /** The executor {@code executor} wraps, or {@code executor} itself when it is not wrapped. */
  public static ScheduledExecutorService unwrap(ScheduledExecutorService executor) {
    return executor instanceof ContextScheduledExecutorService
        ? (ScheduledExecutorService) ((ContextScheduledExecutorService) executor).delegate
        : executor;
  }

  /** The factory {@code factory} wraps, or {@code factory} itself when it is not wrapped. */
  public static ThreadFactory unwrap(ThreadFactory factory) {
    return factory instanceof ContextThreadFactory
        ? ((ContextThreadFactory) factory).delegate
        : factory;
  }

  /** Whether {@code object} is one of ContextKit's task, executor or thread-factory wrappers. */
  public static boolean isWrapped(Object object) {
    return object instanceof ContextRunnable
        || object instanceof ContextCallable
        || object instanceof ContextExecutor
        || object instanceof ContextExecutorService
        || object instanceof ContextThreadFactory;
  }

  /** A task handed to a wrapped executor now, bound to the current context unless already bound. */
  static Runnable submitted(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (task instanceof ContextRunnable) {
      return task;
    }
    return new ContextRunnable(Context.current(), task, true);
  }

  static <V> Callable<V> submitted(Callable<V> task) {
    return submitted(task, Context.current());
  }

  static <V> Callable<V> submitted(Callable<V> task, Context captured) {
    Objects.requireNonNull(task, "task");
    if (task instanceof ContextCallable) {
      return task;
    }
    return new ContextCallable<>(captured, task);
  }
}
