package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.TraceGuardDataSource;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanDefinition;

/**
 * Wraps every {@link DataSource} bean in a {@link TraceGuardDataSource} (named after the bean), the
 * JDBC backstop of TRACE requests. The wrapper still {@code unwrap}s to the original.
 *
 * <p>Skipped: beans already guarded (never twice), scoped targets, routing data sources (their
 * targets are guarded when they are beans; wrapping the router would hide its type), and beans
 * whose definition names an explicit destroy method the wrapper would not have (e.g. an embedded
 * database's {@code shutdown}) — the transaction-manager guard still covers those. Since the
 * wrapper hides the pool's {@code close()}, the wrapped pool is closed here when the container
 * destroys the bean.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceDataSourcePostProcessor
    implements DestructionAwareBeanPostProcessor, BeanFactoryAware {

  private static final Logger LOG = LoggerFactory.getLogger(TraceDataSourcePostProcessor.class);

  private static final String ROUTING_DATA_SOURCE =
      "org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource";

  private @Nullable ConfigurableListableBeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
      this.beanFactory = configurable;
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource)
        || ScopedProxyUtils.isScopedTarget(beanName)
        || TraceGuardDataSource.isGuarded(dataSource)
        || isRouting(bean.getClass())
        || hasExplicitDestroyMethod(beanName)) {
      return bean;
    }
    return TraceGuardDataSource.wrap(dataSource, beanName);
  }

  @Override
  public boolean requiresDestruction(Object bean) {
    return bean instanceof TraceGuardDataSource guard && guard.delegate() instanceof AutoCloseable;
  }

  @Override
  public void postProcessBeforeDestruction(Object bean, String beanName) {
    if (bean instanceof TraceGuardDataSource guard
        && guard.delegate() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Could not close data source '{}'", beanName, e);
      }
    }
  }

  private boolean hasExplicitDestroyMethod(String beanName) {
    ConfigurableListableBeanFactory factory = this.beanFactory;
    if (factory == null || !factory.containsBeanDefinition(beanName)) {
      return false;
    }
    BeanDefinition definition = factory.getMergedBeanDefinition(beanName);
    String[] names =
        definition instanceof AbstractBeanDefinition abstractDefinition
            ? abstractDefinition.getDestroyMethodNames()
            : null;
    if (names == null) {
      return false;
    }
    for (String name : names) {
      if (!AbstractBeanDefinition.INFER_METHOD.equals(name) && !name.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRouting(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().equals(ROUTING_DATA_SOURCE)) {
        return true;
      }
    }
    return false;
  }
}
