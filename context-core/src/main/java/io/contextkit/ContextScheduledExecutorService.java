package io.contextkit;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} whose tasks run in the context captured when they were
 * scheduled; every run of a periodic task uses that same captured context.
 */
final class ContextScheduledExecutorService extends ContextExecutorService
    implements ScheduledExecutorService {

  private final ScheduledExecutorService scheduled;

  ContextScheduledExecutorService(ScheduledExecutorService delegate) {
    super(delegate);
    this.scheduled = delegate;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return scheduled.schedule(ContextExecutors.submitted(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return scheduled.schedule(ContextExecutors.submitted(callable), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return scheduled.scheduleAtFixedRate(
        ContextExecutors.submitted(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return scheduled.scheduleWithFixedDelay(
        ContextExecutors.submitted(command), initialDelay, delay, unit);
  }
}
