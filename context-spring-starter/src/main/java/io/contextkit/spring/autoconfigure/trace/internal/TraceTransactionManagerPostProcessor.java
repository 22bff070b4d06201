package io.contextkit.spring.autoconfigure.trace.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * Wraps every {@link PlatformTransactionManager} bean in a proxy whose {@code commit} rolls back
 * TRACE transactions ({@link TraceCommitInterceptor}). The proxy exposes the transaction-manager
 * interfaces of the bean ({@code PlatformTransactionManager}, {@code ResourceTransactionManager},
 * {@code ConfigurableTransactionManager}) — never {@code
 * CallbackPreferringPlatformTransactionManager}, so callers always take the {@code commit} path.
 * Never wraps twice; skips scoped targets (their scoped proxy is processed as its own bean).
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceTransactionManagerPostProcessor implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof PlatformTransactionManager)
        || bean instanceof TraceGuardedTransactionManager
        || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return wrap((PlatformTransactionManager) bean, beanName);
  }

  /** The guarded proxy of {@code manager}, or {@code manager} when it already is one. */
  public static PlatformTransactionManager wrap(PlatformTransactionManager manager, String name) {
    if (manager instanceof TraceGuardedTransactionManager) {
      return manager;
    }
    List<Class<?>> interfaces = new ArrayList<>();
    interfaces.add(PlatformTransactionManager.class);
    if (manager instanceof ResourceTransactionManager) {
      interfaces.add(ResourceTransactionManager.class);
    }
    if (manager instanceof ConfigurableTransactionManager) {
      interfaces.add(ConfigurableTransactionManager.class);
    }
    interfaces.add(TraceGuardedTransactionManager.class);
    ProxyFactory factory = new ProxyFactory(manager);
    factory.setInterfaces(interfaces.toArray(new Class<?>[0]));
    factory.addAdvice(new TraceCommitInterceptor(name));
    return (PlatformTransactionManager) factory.getProxy(manager.getClass().getClassLoader());
  }
}
