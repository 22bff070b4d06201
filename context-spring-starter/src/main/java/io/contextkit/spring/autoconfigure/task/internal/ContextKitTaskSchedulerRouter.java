package io.contextkit.spring.autoconfigure.task.internal;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.config.TaskSchedulerRouter;

/**
 * Spring's {@link TaskSchedulerRouter} (default scheduler, {@code @Scheduled(scheduler = ..)}
 * qualifiers, local fallback), except that a {@link SimpleAsyncTaskScheduler} target is seen
 * through a {@link FixedDelayFreshContextScheduler}. The wrapper is made when a task is scheduled,
 * not per run.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitTaskSchedulerRouter extends TaskSchedulerRouter {

  @Override
  protected TaskScheduler determineTargetScheduler(Runnable task) {
    TaskScheduler target = super.determineTargetScheduler(task);
    return target instanceof SimpleAsyncTaskScheduler
        ? new FixedDelayFreshContextScheduler(target)
        : target;
  }
}
