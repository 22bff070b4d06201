package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.TraceGuardConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;

/**
 * Wraps every R2DBC {@link ConnectionFactory} bean in a {@link TraceGuardConnectionFactory} (named
 * after the bean), the R2DBC backstop of TRACE requests. The wrapper still {@code unwrap}s to the
 * original ({@code io.r2dbc.spi.Wrapped}), so pool metrics and health find the pool.
 *
 * <p>Skipped: factories already guarded, themselves or inside their {@code Wrapped} chain (never
 * twice: a pool bean built on a guarded factory bean stays as it is); scoped targets; routing
 * connection factories (their targets are guarded when they are beans); and beans whose definition
 * names an explicit destroy method other than {@code close} or {@code dispose} (which the wrapper
 * forwards, so Spring Boot's pool, destroyed with {@code dispose}, is guarded) — the transaction
 * manager guard still covers those.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceConnectionFactoryPostProcessor
    implements BeanPostProcessor, BeanFactoryAware {

  private static final Logger LOG =
      LoggerFactory.getLogger(TraceConnectionFactoryPostProcessor.class);

  private static final String ROUTING_CONNECTION_FACTORY =
      "org.springframework.r2dbc.connection.lookup.AbstractRoutingConnectionFactory";

  private @Nullable ConfigurableListableBeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
      this.beanFactory = configurable;
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof ConnectionFactory connectionFactory)
        || ScopedProxyUtils.isScopedTarget(beanName)
        || TraceGuardConnectionFactory.isGuarded(connectionFactory)
        || isRouting(bean.getClass())) {
      return bean;
    }
    String destroyMethod = explicitDestroyMethod(beanFactory, beanName);
    if (destroyMethod != null) {
      LOG.info(
          "R2DBC connection factory '{}' is not guarded at the connection level: its destroy"
              + " method '{}' would be lost; its transaction manager still rolls back TRACE work",
          beanName,
          destroyMethod);
      return bean;
    }
    return TraceGuardConnectionFactory.wrap(connectionFactory, beanName);
  }

  /**
   * An explicit destroy method of bean {@code beanName} that the wrapper does not have (so the bean
   * is left unwrapped), or null.
   */
  static @Nullable String explicitDestroyMethod(
      @Nullable ConfigurableListableBeanFactory factory, String beanName) {
    if (factory == null || !factory.containsBeanDefinition(beanName)) {
      return null;
    }
    BeanDefinition definition = factory.getMergedBeanDefinition(beanName);
    String[] names =
        definition instanceof AbstractBeanDefinition abstractDefinition
            ? abstractDefinition.getDestroyMethodNames()
            : null;
    if (names == null) {
      return null;
    }
    for (String name : names) {
      if (!name.isEmpty()
          && !AbstractBeanDefinition.INFER_METHOD.equals(name)
          && !name.equals("close")
          && !name.equals("dispose")) {
        return name;
      }
    }
    return null;
  }

  /** Whether {@code type} is a spring-r2dbc routing connection factory, which is left unwrapped. */
  static boolean isRouting(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().equals(ROUTING_CONNECTION_FACTORY)) {
        return true;
      }
    }
    return false;
  }
}
