package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.noop.TraceGuarded;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.util.ClassUtils;

/**
 * Guards every Spring Session {@code SessionRepository} (and {@code ReactiveSessionRepository})
 * bean with a {@link TraceSessionRepositoryInterceptor}; the guarded bean keeps its class when it
 * can be subclassed and implements {@link TraceGuarded}. Never twice; scoped targets are left to
 * their proxy.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceSessionRepositoryPostProcessor implements BeanPostProcessor {

  private static final boolean REACTOR_PRESENT =
      ClassUtils.isPresent(
          "reactor.core.publisher.Mono",
          TraceSessionRepositoryPostProcessor.class.getClassLoader());

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof TraceGuarded || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    if (bean instanceof SessionRepository<?>) {
      return GuardedProxies.create(bean, new TraceSessionRepositoryInterceptor(beanName, false));
    }
    if (REACTOR_PRESENT && bean instanceof ReactiveSessionRepository<?>) {
      return GuardedProxies.create(bean, new TraceSessionRepositoryInterceptor(beanName, true));
    }
    return bean;
  }
}
