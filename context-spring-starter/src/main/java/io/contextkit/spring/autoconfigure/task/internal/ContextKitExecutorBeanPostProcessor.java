package io.contextkit.spring.autoconfigure.task.internal;

import io.contextkit.ContextExecutors;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Makes every executor bean carry the context: Spring's {@code ThreadPoolTaskExecutor}, {@code
 * SimpleAsyncTaskExecutor} (also the virtual-thread {@code applicationTaskExecutor}) and the
 * schedulers get a {@link TaskDecorator} composed with the one they already have; plain {@code
 * Executor}/{@code ExecutorService}/{@code ScheduledExecutorService} beans are wrapped with {@link
 * ContextExecutors} when their bean method declares exactly that interface (wrapping a bean
 * declared as {@code ThreadPoolExecutor} would break injection by its class). Already wrapped or
 * decorated beans and scoped-proxy targets are left alone.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitExecutorBeanPostProcessor
    implements BeanPostProcessor, BeanFactoryAware {

  private @Nullable ConfigurableListableBeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
      this.beanFactory = listable;
    }
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    // Before initialisation: ThreadPoolTaskExecutor/Scheduler create their pool, and read the
    // decorator, in afterPropertiesSet.
    if (ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    if (bean instanceof ThreadPoolTaskScheduler
        || bean instanceof org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler) {
      decorate(bean, ContextTaskDecorators.SCHEDULER);
    } else if (bean instanceof ThreadPoolTaskExecutor || bean instanceof SimpleAsyncTaskExecutor) {
      decorate(bean, ContextTaskDecorators.EXECUTOR);
    }
    return bean;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (ScopedProxyUtils.isScopedTarget(beanName)
        || !(bean instanceof Executor executor)
        || bean instanceof org.springframework.core.task.TaskExecutor
        || ContextExecutors.isWrapped(bean)) {
      return bean;
    }
    Class<?> declared = declaredType(beanName);
    if (declared == ScheduledExecutorService.class
        && bean instanceof ScheduledExecutorService scheduled) {
      return ContextExecutors.wrap(scheduled);
    }
    if (declared == ExecutorService.class && bean instanceof ExecutorService service) {
      return ContextExecutors.wrap(service);
    }
    if (declared == Executor.class) {
      return ContextExecutors.wrap(executor);
    }
    return bean;
  }

  private static void decorate(Object bean, TaskDecorator ours) {
    Object existing = new DirectFieldAccessor(bean).getPropertyValue("taskDecorator");
    TaskDecorator decorator = ours;
    if (existing instanceof TaskDecorator theirs) {
      if (ContextTaskDecorators.isOurs(theirs)) {
        return;
      }
      decorator = ContextTaskDecorators.compose(ours, theirs);
    }
    new BeanWrapperImpl(bean).setPropertyValue("taskDecorator", decorator);
  }

  private @Nullable Class<?> declaredType(String beanName) {
    if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
      return null;
    }
    BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
    if (definition instanceof RootBeanDefinition root) {
      Method factoryMethod = root.getResolvedFactoryMethod();
      if (factoryMethod != null) {
        return factoryMethod.getReturnType();
      }
    }
    return null;
  }
}
