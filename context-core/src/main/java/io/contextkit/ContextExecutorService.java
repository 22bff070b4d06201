package io.contextkit;

import io.contextkit.ContextTasks.ContextRunnable;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} whose tasks run in the context captured when they were submitted.
 * Lifecycle calls go straight to the delegate; {@link #shutdownNow()} hands back the tasks the user
 * submitted, not our wrappers.
 */
class ContextExecutorService implements ExecutorService {

  final ExecutorService delegate;

  ContextExecutorService(ExecutorService delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(ContextExecutors.submitted(command));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return delegate.submit(ContextExecutors.submitted(task));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return delegate.submit(ContextExecutors.submitted(task), result);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(ContextExecutors.submitted(task));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return delegate.invokeAll(wrapAll(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(wrapAll(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return delegate.invokeAny(wrapAll(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(wrapAll(tasks), timeout, unit);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> pending = delegate.shutdownNow();
    List<Runnable> originals = new ArrayList<>(pending.size());
    for (Runnable r : pending) {
      if (r instanceof ContextRunnable && ((ContextRunnable) r).madeByExecutor) {
        originals.add(((ContextRunnable) r).delegate);
      } else {
        // FutureTasks made by submit() are what the delegate itself would hand back; keep them.
        originals.add(r);
      }
    }
    return originals;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }

  /** Wraps every task with one capture: they were all created by the same call. */
  private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
    Context captured = Context.current();
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      wrapped.add(ContextExecutors.submitted(task, captured));
    }
    return wrapped;
  }
}
