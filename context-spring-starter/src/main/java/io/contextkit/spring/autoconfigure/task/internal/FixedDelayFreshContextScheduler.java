package io.contextkit.spring.autoconfigure.task.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A view of a {@code SimpleAsyncTaskScheduler} (what Boot uses with virtual threads) for
 * {@code @Scheduled} tasks: that scheduler runs fixed-delay tasks on its own scheduler thread
 * without its task decorator, so they would run without a context; here each fixed-delay run gets a
 * fresh context, like every other scheduled run. Everything else is passed through untouched (it
 * goes through the decorator already).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class FixedDelayFreshContextScheduler implements TaskScheduler {

  private final TaskScheduler delegate;

  public FixedDelayFreshContextScheduler(TaskScheduler delegate) {
    this.delegate = delegate;
  }

  /** The wrapped scheduler. */
  public TaskScheduler delegate() {
    return delegate;
  }

  @Override
  public Clock getClock() {
    return delegate.getClock();
  }

  @Override
  public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
    return delegate.schedule(task, trigger);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
    return delegate.schedule(task, startTime);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
    return delegate.scheduleAtFixedRate(task, startTime, period);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    return delegate.scheduleAtFixedRate(task, period);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, Instant startTime, Duration delay) {
    return delegate.scheduleWithFixedDelay(new FreshContextRunnable(task), startTime, delay);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
    return delegate.scheduleWithFixedDelay(new FreshContextRunnable(task), delay);
  }

  @Override
  public String toString() {
    return "FixedDelayFreshContextScheduler[" + delegate + "]";
  }
}
