package io.contextkit.quarkus.runtime.internal;

import io.agroal.api.AgroalDataSource;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.quarkus.runtime.TraceGuardDriver;
import io.quarkus.agroal.runtime.AgroalDataSourceSupport;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts {@link TraceGuardDriver} below the pool of each Agroal datasource the {@link JdbcGuards}
 * decision guards, around quarkus-agroal's {@code DataSources.createDataSource(name, otel,
 * jdbcProperties)}: for the duration of the call the datasource's driver class is {@code
 * TraceGuardDriver}, and the JDBC properties name the driver it delegates to (the one the
 * datasource would have used). Everything else about the datasource — URL, credentials, pool,
 * transaction integration, its other JDBC properties — stays as configured.
 *
 * <p>Every datasource it creates, guarded or not, also gets a {@link DependencyPoolInterceptor}
 * counting its connections in the runtime dependency map.
 *
 * <p>A failure here fails the datasource's creation: a datasource the inventory reports as guarded
 * never runs unguarded.
 */
@TraceJdbcGuardBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class TraceJdbcGuardInterceptor {

  private final AgroalDataSourceSupport dataSources;
  private final ContextKitRuntimeConfig config;

  @Inject
  TraceJdbcGuardInterceptor(AgroalDataSourceSupport dataSources, ContextKitRuntimeConfig config) {
    this.dataSources = dataSources;
    this.config = config;
  }

  @AroundInvoke
  @SuppressWarnings("unchecked")
  Object guard(InvocationContext invocation) throws Exception {
    Object[] parameters = invocation.getParameters();
    if (parameters.length != 3
        || !(parameters[0] instanceof String name)
        || !(parameters[2] instanceof Map<?, ?> properties)) {
      throw new IllegalStateException(
          "ContextKit TRACE: unexpected quarkus-agroal datasource factory "
              + invocation.getMethod());
    }
    AgroalDataSourceSupport.Entry entry = dataSources.entries.get(name);
    if (entry == null || !JdbcGuards.decide(entry, config).install()) {
      return withDependencyEdge(invocation.proceed(), name);
    }
    Map<String, String> withTarget = new LinkedHashMap<>((Map<String, String>) properties);
    withTarget.put(TraceGuardDriver.TARGET_DRIVER_PROPERTY, entry.resolvedDriverClass);
    parameters[2] = withTarget;
    invocation.setParameters(parameters);
    dataSources.entries.put(
        name,
        new AgroalDataSourceSupport.Entry(
            entry.dataSourceName,
            entry.resolvedDbKind,
            entry.dbVersion,
            TraceGuardDriver.class.getName(),
            entry.isDefault));
    try {
      return withDependencyEdge(invocation.proceed(), name);
    } finally {
      dataSources.entries.put(name, entry);
    }
  }

  /**
   * Counts the connections of every created datasource, guarded or not, in the runtime dependency
   * map ({@link DependencyPoolInterceptor}).
   */
  private static Object withDependencyEdge(Object created, String name) {
    if (created instanceof AgroalDataSource dataSource) {
      DependencyPoolInterceptor.addTo(dataSource, name);
    }
    return created;
  }
}
