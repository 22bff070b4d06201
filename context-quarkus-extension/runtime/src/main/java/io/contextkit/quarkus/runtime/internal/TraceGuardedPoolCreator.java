package io.contextkit.quarkus.runtime.internal;

import io.contextkit.noop.TraceGuarded;
import io.quarkus.arc.ActiveResult;
import io.quarkus.arc.Arc;
import io.quarkus.arc.BeanCreator;
import io.quarkus.arc.InjectableBean;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.reactive.datasource.runtime.ReactiveDataSourceUtil;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.annotation.Annotation;

/**
 * Creates the bean that stands in for the pool bean of one reactive datasource: the pool Quarkus'
 * reactive client extension created (its own default bean, still there), wrapped in a {@link
 * TraceGuardedPool} behind a facade of the driver's pool type. The deployment registers one such
 * bean per reactive datasource with the same types and qualifiers as Quarkus' bean, which is a
 * default bean, so every injection point and lookup of the pool — the application's, Hibernate
 * Reactive's, the one Quarkus builds the Mutiny pool from — gets the guard.
 *
 * <p>Bean params: {@value #DATA_SOURCE} (the datasource name) and {@value #POOL_TYPE} (the driver's
 * pool interface, e.g. {@code io.vertx.pgclient.PgPool}).
 */
public final class TraceGuardedPoolCreator implements BeanCreator<Object> {

  /** The param naming the datasource. */
  public static final String DATA_SOURCE = "dataSource";

  /** The param naming the driver's pool interface. */
  public static final String POOL_TYPE = "poolType";

  /** Created by ArC. */
  public TraceGuardedPoolCreator() {}

  @Override
  public Object create(SyntheticCreationalContext<Object> context) {
    String dataSource = (String) context.getParams().get(DATA_SOURCE);
    String poolType = (String) context.getParams().get(POOL_TYPE);
    Class<?> type = load(poolType);
    InjectableBean<?> original = original(dataSource, type);
    Pool pool = (Pool) Arc.container().instance(original).get();
    if (pool instanceof TraceGuarded) {
      return pool;
    }
    TraceGuardedPool guard =
        new TraceGuardedPool(pool, targetName(dataSource), dataSource, VertxFacades::connection);
    return VertxFacades.pool(guard, type);
  }

  /** Whether the datasource is active, as Quarkus' own pool bean answers. */
  public static ActiveResult checkActive(String dataSource, String poolType) {
    return original(dataSource, load(poolType)).checkActive();
  }

  /** The target the TRACE report names for the datasource's effects. */
  static String targetName(String dataSource) {
    return DataSourceUtil.isDefault(dataSource) ? "reactive" : "reactive:" + dataSource;
  }

  private static InjectableBean<?> original(String dataSource, Class<?> type) {
    Annotation qualifier = ReactiveDataSourceUtil.qualifier(dataSource);
    for (Bean<?> bean : Arc.container().beanManager().getBeans(type, qualifier)) {
      if (bean instanceof InjectableBean && ((InjectableBean<?>) bean).isDefaultBean()) {
        return (InjectableBean<?>) bean;
      }
    }
    throw new IllegalStateException(
        "ContextKit TRACE: no " + type.getName() + " bean of reactive datasource " + dataSource);
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("ContextKit TRACE: pool type " + name + " not found", e);
    }
  }
}
