package io.contextkit.spring.autoconfigure.task.internal;

import io.contextkit.ContextExecutors;
import io.contextkit.RequestContext;
import org.springframework.core.task.TaskDecorator;

/**
 * The task decorators ContextKit installs on Spring executors and schedulers.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextTaskDecorators {

  /** Runs each task in the context current when it was submitted. */
  public static final TaskDecorator EXECUTOR = new ExecutorDecorator();

  /**
   * For schedulers: a task submitted within a context runs in it; a task submitted outside any
   * context — {@code @Scheduled} methods, registered at startup, and each run of a trigger — runs
   * in a fresh context per run instead of whatever the scheduling thread held.
   */
  public static final TaskDecorator SCHEDULER = new SchedulerDecorator();

  private ContextTaskDecorators() {}

  /** Whether {@code decorator} is one of ours, so it is not installed twice. */
  public static boolean isOurs(TaskDecorator decorator) {
    return decorator instanceof ExecutorDecorator
        || decorator instanceof SchedulerDecorator
        || (decorator instanceof Composed composed && composed.containsOurs());
  }

  /** {@code ours} around {@code theirs}: ours captures the context, theirs runs inside it. */
  public static TaskDecorator compose(TaskDecorator ours, TaskDecorator theirs) {
    return new Composed(ours, theirs);
  }

  private static final class ExecutorDecorator implements TaskDecorator {
    @Override
    public Runnable decorate(Runnable runnable) {
      return ContextExecutors.wrap(runnable);
    }
  }

  private static final class SchedulerDecorator implements TaskDecorator {
    @Override
    public Runnable decorate(Runnable runnable) {
      if (RequestContext.current().isEmpty()) {
        return new FreshContextRunnable(runnable);
      }
      return ContextExecutors.wrap(runnable);
    }
  }

  private record Composed(TaskDecorator ours, TaskDecorator theirs) implements TaskDecorator {
    @Override
    public Runnable decorate(Runnable runnable) {
      return ours.decorate(theirs.decorate(runnable));
    }

    boolean containsOurs() {
      return isOurs(ours) || isOurs(theirs);
    }
  }
}
