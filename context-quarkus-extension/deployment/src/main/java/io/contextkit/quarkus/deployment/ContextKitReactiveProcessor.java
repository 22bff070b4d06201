package io.contextkit.quarkus.deployment;

import io.contextkit.noop.EffectChannel;
import io.contextkit.quarkus.runtime.ContextKitBuildTimeConfig;
import io.contextkit.quarkus.runtime.internal.TraceGuardedPoolCreator;
import io.quarkus.arc.ActiveResult;
import io.quarkus.arc.deployment.BeanRegistrationPhaseBuildItem;
import io.quarkus.arc.deployment.BeanRegistrationPhaseBuildItem.BeanConfiguratorBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.processor.BeanConfigurator;
import io.quarkus.arc.processor.BeanConfiguratorBase;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.gizmo2.Const;
import io.quarkus.gizmo2.creator.BlockCreator;
import io.quarkus.gizmo2.desc.MethodDesc;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

/**
 * TRACE on the Vert.x SQL client: every pool bean that a Quarkus reactive client extension creates
 * for a reactive datasource (pg, mysql/mariadb, mssql, oracle, db2 — any extension that declares
 * its pool as a default synthetic bean of type {@code io.vertx.sqlclient.Pool}) gets a stand-in
 * bean with the same types and qualifiers that wraps it in the TRACE guard ({@link
 * TraceGuardedPoolCreator}). Quarkus' bean is a default bean, so every injection point and lookup
 * resolves to the stand-in: the application's {@code Pool}/{@code PgPool}, Hibernate Reactive's
 * pool, and the Mutiny pool Quarkus builds from the bare one.
 *
 * <p>The pool beans are found among the {@link SyntheticBeanBuildItem}s; their metadata is read
 * from ArC's configurator by reflection (it has no public accessors). Each reactive datasource's
 * pool is a guarded channel of the inventory ({@link EffectChannelBuildItem}, kind {@code
 * reactive-sql-pool}, the datasource's name); a pool bean that cannot be read or has unexpected
 * qualifiers is an unguarded one, and so is any other pool bean (the application's own, found by
 * {@link EffectChannelProcessor}): TRACE requests are then refused.
 */
final class ContextKitReactiveProcessor {

  private static final DotName POOL = DotName.createSimple("io.vertx.sqlclient.Pool");
  private static final DotName DEFAULT = DotName.createSimple("jakarta.enterprise.inject.Default");
  private static final DotName NAMED = DotName.createSimple("jakarta.inject.Named");
  private static final DotName ANY = DotName.createSimple("jakarta.enterprise.inject.Any");
  private static final DotName REACTIVE_DATA_SOURCE =
      DotName.createSimple("io.quarkus.reactive.datasource.ReactiveDataSource");
  private static final String DEFAULT_DATA_SOURCE = "<default>";

  /** The inventory's name for pool beans the build could not read (so not name either). */
  static final String UNREADABLE_POOLS = "reactive-datasource-pools";

  private static final List<String> REACTIVE_CLIENTS =
      List.of(
          Capability.REACTIVE_PG_CLIENT,
          Capability.REACTIVE_MYSQL_CLIENT,
          Capability.REACTIVE_MSSQL_CLIENT,
          Capability.REACTIVE_ORACLE_CLIENT,
          Capability.REACTIVE_DB2_CLIENT);

  static boolean reactiveClientPresent(ContextKitBuildTimeConfig config, Capabilities caps) {
    if (!config.enabled()) {
      return false;
    }
    for (String capability : REACTIVE_CLIENTS) {
      if (caps.isPresent(capability)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Registers a guarding stand-in for every reactive datasource's pool bean, and tells the
   * inventory of effect channels: each reactive datasource's pool guarded, under the datasource's
   * name; a pool bean of a reactive client extension that could not be read, or whose qualifiers
   * name no reactive datasource, unguarded, saying why — TRACE requests are then refused (under the
   * default policy), since their SQL would commit for real.
   */
  @BuildStep
  void guardPools(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      List<SyntheticBeanBuildItem> syntheticBeans,
      BeanRegistrationPhaseBuildItem registration,
      BuildProducer<BeanConfiguratorBuildItem> configurators,
      BuildProducer<EffectChannelBuildItem> channels) {
    if (!reactiveClientPresent(config, capabilities)) {
      return;
    }
    Set<String> guarded = new TreeSet<>();
    Map<String, String> unguarded = new TreeMap<>();
    for (SyntheticBeanBuildItem bean : syntheticBeans) {
      PoolBean pool = PoolBean.of(bean);
      if (pool == null) {
        continue;
      }
      if (pool.failure != null) {
        // Nothing about the bean is known, not even its name: one entry says why.
        unguarded.put(UNREADABLE_POOLS, pool.failure);
        continue;
      }
      String dataSource = pool.dataSource();
      if (dataSource == null) {
        unguarded.put(
            EffectChannelProcessor.name(pool.qualifiers, ""),
            "the pool bean "
                + pool.implClass
                + " with qualifiers "
                + pool.qualifiers
                + " is not a reactive datasource's, not guarded");
        continue;
      }
      BeanConfigurator<Object> standIn = registration.getContext().configure(pool.implClass);
      standIn.addType(Type.create(pool.implClass, Type.Kind.CLASS));
      for (Type type : pool.types) {
        standIn.addType(type);
      }
      for (AnnotationInstance qualifier : pool.qualifiers) {
        standIn.addQualifier(qualifier);
      }
      String poolType = pool.implClass.toString();
      standIn
          .scope(ApplicationScoped.class)
          // Same types and qualifiers as Quarkus' bean: the identifier tells the two apart.
          .identifier("contextkit-trace-guard")
          .unremovable()
          .param(TraceGuardedPoolCreator.DATA_SOURCE, dataSource)
          .param(TraceGuardedPoolCreator.POOL_TYPE, poolType)
          .creator(TraceGuardedPoolCreator.class)
          .checkActive(
              generation -> {
                BlockCreator b = generation.checkActiveMethod();
                b.return_(
                    b.invokeStatic(
                        MethodDesc.of(
                            TraceGuardedPoolCreator.class,
                            "checkActive",
                            ActiveResult.class,
                            String.class,
                            String.class),
                        Const.of(dataSource),
                        Const.of(poolType)));
              });
      configurators.produce(new BeanConfiguratorBuildItem(standIn));
      guarded.add(dataSource);
    }
    // Sorted: the build items, and what the recorder writes from them, do not depend on the
    // order of the synthetic beans.
    for (String dataSource : guarded) {
      channels.produce(
          EffectChannelBuildItem.guarded(
              EffectChannel.Kind.REACTIVE_SQL_POOL,
              dataSource,
              "Vert.x SQL client pool guarded: TRACE commits rolled back, autocommit writes rolled"
                  + " back, implicit-commit SQL rejected"));
    }
    for (Map.Entry<String, String> pool : unguarded.entrySet()) {
      channels.produce(
          EffectChannelBuildItem.unguarded(
              EffectChannel.Kind.REACTIVE_SQL_POOL, pool.getKey(), pool.getValue()));
    }
  }

  /** The datasource the qualifiers of a pool bean name, or {@code null} when they name none. */
  static String dataSourceOf(Collection<AnnotationInstance> qualifiers) {
    String named = null;
    String reactive = null;
    boolean isDefault = false;
    for (AnnotationInstance qualifier : qualifiers) {
      DotName name = qualifier.name();
      if (name.equals(DEFAULT)) {
        isDefault = true;
      } else if (name.equals(REACTIVE_DATA_SOURCE)) {
        AnnotationValue value = qualifier.value();
        reactive = value == null ? null : value.asString();
      } else if (name.equals(NAMED)) {
        AnnotationValue value = qualifier.value();
        named = value == null ? null : value.asString();
      } else if (!name.equals(ANY)) {
        return null;
      }
    }
    if (reactive != null) {
      return named == null || named.equals(reactive) ? reactive : null;
    }
    return named == null ? (isDefault || qualifiers.isEmpty() ? DEFAULT_DATA_SOURCE : null) : null;
  }

  /** What a synthetic pool bean of a reactive client extension declares. */
  private static final class PoolBean {
    final DotName implClass;
    final Set<Type> types;
    final Set<AnnotationInstance> qualifiers;
    final String failure;

    private PoolBean(
        DotName implClass, Set<Type> types, Set<AnnotationInstance> qualifiers, String failure) {
      this.implClass = implClass;
      this.types = types;
      this.qualifiers = qualifiers;
      this.failure = failure;
    }

    String dataSource() {
      return dataSourceOf(qualifiers);
    }

    /** The pool bean {@code bean} declares, or {@code null} when it is no default pool. */
    @SuppressWarnings("unchecked")
    static PoolBean of(SyntheticBeanBuildItem bean) {
      DotName implClass;
      Set<Type> types;
      Set<AnnotationInstance> qualifiers;
      boolean defaultBean;
      try {
        Field held = SyntheticBeanBuildItem.class.getDeclaredField("configurator");
        held.setAccessible(true);
        Object configurator = held.get(bean);
        implClass = (DotName) field("implClazz").get(configurator);
        types = (Set<Type>) field("types").get(configurator);
        qualifiers = (Set<AnnotationInstance>) field("qualifiers").get(configurator);
        defaultBean = field("defaultBean").getBoolean(configurator);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new PoolBean(
            null,
            Set.of(),
            Set.of(),
            "a synthetic bean ArC's configurator did not let ContextKit read (" + e + ")");
      }
      boolean isPool = implClass.equals(POOL);
      for (Type type : types) {
        isPool |= type.name().equals(POOL);
      }
      if (!isPool || !defaultBean) {
        return null;
      }
      return new PoolBean(implClass, Set.copyOf(types), Set.copyOf(qualifiers), null);
    }

    private static Field field(String name) throws NoSuchFieldException {
      Field field = BeanConfiguratorBase.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    }
  }
}
