package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.noop.TraceGuarded;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.CacheManager;

/**
 * Guards every {@link CacheManager} bean with a {@link TraceCacheManagerInterceptor}; the guarded
 * bean keeps its class when it can be subclassed and implements {@link TraceGuarded}. Never twice;
 * scoped targets are left to their proxy.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceCacheManagerPostProcessor implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof CacheManager)
        || bean instanceof TraceGuarded
        || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return GuardedProxies.create(bean, new TraceCacheManagerInterceptor(beanName));
  }
}
