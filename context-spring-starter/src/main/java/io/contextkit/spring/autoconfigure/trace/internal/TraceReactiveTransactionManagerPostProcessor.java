package io.contextkit.spring.autoconfigure.trace.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Wraps every {@link ReactiveTransactionManager} bean (R2DBC's {@code R2dbcTransactionManager}, and
 * so {@code @Transactional} methods returning {@code Mono}/{@code Flux} and {@code
 * TransactionalOperator}) in a proxy whose {@code commit} rolls back TRACE transactions ({@link
 * TraceReactiveCommitInterceptor}). The proxy exposes {@code ReactiveTransactionManager} and, when
 * the bean is one, {@code ConfigurableTransactionManager}. Never wraps twice; skips scoped targets
 * (their scoped proxy is processed as its own bean).
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceReactiveTransactionManagerPostProcessor implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof ReactiveTransactionManager manager)
        || bean instanceof TraceGuardedTransactionManager
        || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return wrap(manager, beanName);
  }

  /** The guarded proxy of {@code manager}, or {@code manager} when it already is one. */
  public static ReactiveTransactionManager wrap(ReactiveTransactionManager manager, String name) {
    if (manager instanceof TraceGuardedTransactionManager) {
      return manager;
    }
    List<Class<?>> interfaces = new ArrayList<>();
    interfaces.add(ReactiveTransactionManager.class);
    if (manager instanceof ConfigurableTransactionManager) {
      interfaces.add(ConfigurableTransactionManager.class);
    }
    interfaces.add(TraceGuardedTransactionManager.class);
    ProxyFactory factory = new ProxyFactory(manager);
    factory.setInterfaces(interfaces.toArray(new Class<?>[0]));
    factory.addAdvice(new TraceReactiveCommitInterceptor(name));
    return (ReactiveTransactionManager) factory.getProxy(manager.getClass().getClassLoader());
  }
}
