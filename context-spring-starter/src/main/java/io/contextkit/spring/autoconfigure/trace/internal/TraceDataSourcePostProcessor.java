package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.TraceGuardDataSource;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Wraps every {@link DataSource} bean in a {@link TraceGuardDataSource} (named after the bean), the
 * JDBC backstop of TRACE requests. The wrapper still {@code unwrap}s to the original.
 *
 * <ul>
 *   <li>Beans already guarded are left alone (never twice), and so are scoped targets (their scoped
 *       proxy is guarded as its own bean).
 *   <li>A routing data source ({@code AbstractRoutingDataSource}) keeps its type: its resolved
 *       targets (and default target) are guarded in place, each named {@code router[key]} — also
 *       the targets that are not beans. A router whose class decides the target or resolves keys
 *       itself ({@code determineTargetDataSource}, {@code resolveSpecifiedLookupKey} overridden) is
 *       left as it is: the effect-channel inventory reports its targets as unguarded.
 *   <li>A bean whose definition names a destroy method the wrapper does not have (an embedded
 *       database's {@code shutdown}) is guarded like any other: the container registers the
 *       destruction of a bean on the object it created, before post-processing, so {@code shutdown}
 *       (or a pool's {@code close}) is still called on the original.
 * </ul>
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceDataSourcePostProcessor implements BeanPostProcessor {

  /** The routing data source class of spring-jdbc. */
  static final String ROUTING_DATA_SOURCE =
      "org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource";

  private static final boolean ROUTING_PRESENT =
      ClassUtils.isPresent(
          ROUTING_DATA_SOURCE, TraceDataSourcePostProcessor.class.getClassLoader());

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource)
        || ScopedProxyUtils.isScopedTarget(beanName)
        || TraceGuardDataSource.isGuarded(dataSource)) {
      return bean;
    }
    if (isRouting(bean.getClass())) {
      Routing.guardTargets(bean, beanName);
      return bean;
    }
    return TraceGuardDataSource.wrap(dataSource, beanName);
  }

  /** Whether {@code type} is a spring-jdbc routing data source. */
  static boolean isRouting(Class<?> type) {
    return ROUTING_PRESENT && Routing.isRouting(type);
  }

  /** Loaded only when spring-jdbc is present. */
  static final class Routing {

    private Routing() {}

    static boolean isRouting(Class<?> type) {
      return org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource.class
          .isAssignableFrom(type);
    }

    /**
     * Whether ContextKit can guard the targets of a router of {@code type}: only when the class
     * picks targets the standard way, from the resolved map this post-processor rewrites.
     */
    static @Nullable String unguardableReason(Class<?> type) {
      if (overrides(type, "determineTargetDataSource")) {
        return type.getName() + " overrides determineTargetDataSource()";
      }
      if (overrides(type, "resolveSpecifiedLookupKey", Object.class)) {
        return type.getName() + " overrides resolveSpecifiedLookupKey()";
      }
      return null;
    }

    static void guardTargets(Object bean, String beanName) {
      var router = (org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource) bean;
      if (unguardableReason(bean.getClass()) != null) {
        return;
      }
      Map<Object, DataSource> resolved;
      try {
        resolved = router.getResolvedDataSources();
      } catch (IllegalStateException e) {
        return; // not initialised: the inventory reports it
      }
      Map<Object, Object> guarded = new LinkedHashMap<>();
      for (Map.Entry<Object, DataSource> target : resolved.entrySet()) {
        guarded.put(
            target.getKey(),
            TraceGuardDataSource.wrap(target.getValue(), targetName(beanName, target.getKey())));
      }
      router.setTargetDataSources(guarded);
      DataSource fallback = router.getResolvedDefaultDataSource();
      if (fallback != null) {
        router.setDefaultTargetDataSource(
            TraceGuardDataSource.wrap(fallback, targetName(beanName, "(default)")));
      }
      router.initialize();
    }

    /** The name of a target: {@code router[key]}. */
    static String targetName(String beanName, Object key) {
      return beanName + "[" + key + "]";
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... parameters) {
      Method method = ReflectionUtils.findMethod(type, name, parameters);
      return method != null
          && method.getDeclaringClass()
              != org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource.class;
    }
  }
}
