package io.contextkit.spring.autoconfigure.task;

import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.task.internal.ContextKitExecutorBeanPostProcessor;
import io.contextkit.spring.autoconfigure.task.internal.ContextKitSchedulingConfigurer;
import io.micrometer.context.ContextRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of context propagation across threads: Boot's {@code applicationTaskExecutor}
 * (platform or virtual threads) and {@code taskScheduler}, every executor bean an application
 * declares, and so {@code @Async} methods, carry the submitter's context; each {@code @Scheduled}
 * run gets a fresh context of its own. Registers the Micrometer context-propagation accessor when
 * that library is present, so Reactor and Micrometer carry the context too.
 */
@AutoConfiguration(
    after = ContextKitAutoConfiguration.class,
    before = {TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.task.enabled", matchIfMissing = true)
public final class ContextKitTaskAutoConfiguration {

  // Static: see ContextKitHttpClientAutoConfiguration.
  @Bean
  @ConditionalOnMissingBean
  static ContextKitExecutorBeanPostProcessor contextKitExecutorBeanPostProcessor() {
    return new ContextKitExecutorBeanPostProcessor();
  }

  @Bean
  @ConditionalOnMissingBean
  static ContextKitSchedulingConfigurer contextKitSchedulingConfigurer() {
    // SimpleAsyncTaskScheduler (virtual threads) runs fixed-delay tasks without its decorator.
    return new ContextKitSchedulingConfigurer();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ContextRegistry.class)
  static class MicrometerContextPropagationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestContextThreadLocalAccessor contextKitThreadLocalAccessor() {
      // Normally found through META-INF/services already; registering is a no-op then. Covers
      // class loaders where the service file is not visible to ContextRegistry.
      ContextRegistry registry = ContextRegistry.getInstance();
      for (var accessor : registry.getThreadLocalAccessors()) {
        if (RequestContextThreadLocalAccessor.KEY.equals(accessor.key())
            && accessor instanceof RequestContextThreadLocalAccessor existing) {
          return existing;
        }
      }
      RequestContextThreadLocalAccessor accessor = new RequestContextThreadLocalAccessor();
      registry.registerThreadLocalAccessor(accessor);
      return accessor;
    }
  }
}
