package io.contextkit.quarkus.runtime.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.quarkus.runtime.TraceGuardDriver;
import io.quarkus.agroal.runtime.AgroalDataSourceSupport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.XADataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The JDBC backstop of every Agroal datasource: decides, for each, whether {@link TraceGuardDriver}
 * goes below its pool ({@link TraceJdbcGuardInterceptor} applies the decision when the datasource
 * is created), and reports the outcome as effect channels. One decision function serves both, so
 * the inventory says what the pools really do.
 *
 * <ul>
 *   <li>guarded by the extension: the datasource's driver is a {@code java.sql.Driver} and {@code
 *       quarkus.contextkit.trace.jdbc-guard.enabled} is true (the default) and the datasource is
 *       not in {@code jdbc-guard.excluded-datasources};
 *   <li>guarded by its own configuration: {@code jdbc.driver} names {@code TraceGuardDriver};
 *   <li>unguarded otherwise: the guard switched off or excluded, an XA datasource (its commits go
 *       through the driver's {@code XAResource}), a driver class that is a {@code DataSource}.
 * </ul>
 *
 * <p>Only datasources that are created count: one with a JDBC URL and not deactivated.
 */
@Singleton
public final class JdbcGuards {

  private static volatile boolean interceptorInstalled;

  private final AgroalDataSourceSupport dataSources;
  private final ContextKitRuntimeConfig config;

  @Inject
  JdbcGuards(AgroalDataSourceSupport dataSources, ContextKitRuntimeConfig config) {
    this.dataSources = dataSources;
    this.config = config;
  }

  /** Called at static init when the build put the interceptor on Agroal's datasource factory. */
  public static void interceptorInstalled() {
    interceptorInstalled = true;
  }

  /** What to do with one datasource. */
  record Decision(boolean install, boolean guarded, String detail) {}

  /** The decision for datasource {@code entry}. */
  static Decision decide(AgroalDataSourceSupport.Entry entry, ContextKitRuntimeConfig config) {
    String driver = entry.resolvedDriverClass;
    if (TraceGuardDriver.class.getName().equals(driver)) {
      return new Decision(false, true, "TraceGuardDriver named in " + key(entry, "jdbc.driver"));
    }
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type =
          Class.forName(driver, false, loader == null ? JdbcGuards.class.getClassLoader() : loader);
    } catch (ClassNotFoundException e) {
      return new Decision(false, false, "driver " + driver + " cannot be loaded");
    }
    if (XADataSource.class.isAssignableFrom(type)) {
      return new Decision(
          false,
          false,
          "XA datasource (" + driver + "): its commits go through the driver's XAResource");
    }
    if (!Driver.class.isAssignableFrom(type)) {
      return new Decision(
          false, false, driver + " is not a java.sql.Driver: the JDBC backstop wraps drivers");
    }
    ContextKitRuntimeConfig.JdbcGuard guard = config.trace().jdbcGuard();
    if (!guard.enabled()) {
      return new Decision(false, false, "quarkus.contextkit.trace.jdbc-guard.enabled=false");
    }
    if (guard.excludedDatasources().orElse(List.of()).contains(entry.dataSourceName)) {
      return new Decision(
          false, false, "in quarkus.contextkit.trace.jdbc-guard.excluded-datasources");
    }
    if (!interceptorInstalled) {
      return new Decision(
          false, false, "this quarkus-agroal version offers no place for the JDBC guard");
    }
    return new Decision(true, true, "TraceGuardDriver below the pool, delegating to " + driver);
  }

  /**
   * The datasources that are created, each guarded or not.
   *
   * @throws IllegalStateException when one is unguarded and {@code
   *     quarkus.contextkit.trace.require-jdbc-guard=true}
   */
  public List<EffectChannel> channels() {
    Config settings = ConfigProvider.getConfig();
    List<EffectChannel> channels = new ArrayList<>();
    List<String> unguarded = new ArrayList<>();
    // Sorted, so the inventory and messages do not depend on the map's order.
    for (AgroalDataSourceSupport.Entry entry : new TreeMap<>(dataSources.entries).values()) {
      Optional<Boolean> active = settings.getOptionalValue(key(entry, "active"), Boolean.class);
      if (settings.getOptionalValue(key(entry, "jdbc.url"), String.class).isEmpty()
          || active.isPresent() && !active.get()) {
        continue; // never created
      }
      Decision decision = decide(entry, config);
      if (decision.guarded()) {
        channels.add(
            EffectChannel.guarded(Kind.DATA_SOURCE, entry.dataSourceName, decision.detail()));
      } else {
        channels.add(
            EffectChannel.unguarded(Kind.DATA_SOURCE, entry.dataSourceName, decision.detail()));
        unguarded.add(entry.dataSourceName + " (" + decision.detail() + ")");
      }
    }
    if (!unguarded.isEmpty() && config.trace().requireJdbcGuard()) {
      throw new IllegalStateException(
          "ContextKit TRACE: the JDBC backstop is off for "
              + unguarded.size()
              + " datasource(s): "
              + String.join(", ", unguarded)
              + "; quarkus.contextkit.trace.require-jdbc-guard=true requires it");
    }
    return channels;
  }

  private static String key(AgroalDataSourceSupport.Entry entry, String leaf) {
    return entry.isDefault
        ? "quarkus.datasource." + leaf
        : "quarkus.datasource.\"" + entry.dataSourceName + "\"." + leaf;
  }
}
