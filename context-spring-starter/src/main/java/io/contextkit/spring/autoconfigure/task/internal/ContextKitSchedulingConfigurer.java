package io.contextkit.spring.autoconfigure.task.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.config.TaskSchedulerRouter;

/**
 * Runs last among the {@link SchedulingConfigurer}s so that fixed-delay {@code @Scheduled} runs on
 * a {@link SimpleAsyncTaskScheduler} (what Boot uses with virtual threads) get a context too: that
 * scheduler runs them on its own thread without its task decorator. Replaces Spring's default
 * {@link TaskSchedulerRouter} by {@link ContextKitTaskSchedulerRouter}, which resolves schedulers
 * exactly as Spring does and wraps a {@code SimpleAsyncTaskScheduler} in a {@link
 * FixedDelayFreshContextScheduler}; wraps a {@code SimpleAsyncTaskScheduler} another configurer set
 * directly. Leaves any other scheduler, and a router of the application's own, alone.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitSchedulingConfigurer
    implements SchedulingConfigurer, BeanFactoryAware, Ordered, DisposableBean {

  private @Nullable BeanFactory beanFactory;

  // Spring destroys the router it created, not ours: ours may hold a local fallback executor.
  private final List<ContextKitTaskSchedulerRouter> routers = new CopyOnWriteArrayList<>();

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    TaskScheduler scheduler = registrar.getScheduler();
    if (scheduler != null
        && scheduler.getClass() == TaskSchedulerRouter.class
        && beanFactory != null) {
      ContextKitTaskSchedulerRouter router = new ContextKitTaskSchedulerRouter();
      router.setBeanName("contextKitTaskSchedulerRouter");
      router.setBeanFactory(beanFactory);
      routers.add(router);
      registrar.setTaskScheduler(router);
    } else if (scheduler instanceof SimpleAsyncTaskScheduler) {
      registrar.setTaskScheduler(new FixedDelayFreshContextScheduler(scheduler));
    }
  }

  @Override
  public void destroy() {
    for (ContextKitTaskSchedulerRouter router : routers) {
      router.destroy();
    }
    routers.clear();
  }
}
