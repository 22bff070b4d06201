package io.contextkit.quarkus.runtime.internal;

import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.quarkus.runtime.TraceGuardDriver;
import io.quarkus.agroal.runtime.AgroalDataSourceSupport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Checks at startup that every Agroal datasource opens its connections through {@link
 * TraceGuardDriver}, the JDBC backstop of TRACE requests. An unguarded datasource is logged as a
 * warning, or stops the application when {@code quarkus.contextkit.trace.require-jdbc-guard=true};
 * either message names the key to set.
 */
@Singleton
public final class TraceJdbcGuardCheck {

  private static final Logger LOG = Logger.getLogger(TraceJdbcGuardCheck.class);

  private final AgroalDataSourceSupport dataSources;
  private final ContextKitRuntimeConfig config;

  @Inject
  TraceJdbcGuardCheck(AgroalDataSourceSupport dataSources, ContextKitRuntimeConfig config) {
    this.dataSources = dataSources;
    this.config = config;
  }

  /**
   * Warns about, or refuses, unguarded datasources.
   *
   * @throws IllegalStateException when a datasource is unguarded and the guard is required
   */
  public void check() {
    List<String> unguarded = new ArrayList<>();
    // Sorted, so the message does not depend on the map's order.
    for (AgroalDataSourceSupport.Entry entry : new TreeMap<>(dataSources.entries).values()) {
      if (!TraceGuardDriver.class.getName().equals(entry.resolvedDriverClass)) {
        unguarded.add(
            entry.isDefault
                ? "quarkus.datasource.jdbc.driver"
                : "quarkus.datasource.\"" + entry.dataSourceName + "\".jdbc.driver");
      }
    }
    if (unguarded.isEmpty()) {
      return;
    }
    String message =
        "ContextKit TRACE: the JDBC backstop is off for "
            + unguarded.size()
            + " datasource(s); set "
            + String.join(", ", unguarded)
            + "="
            + TraceGuardDriver.class.getName()
            + " (the transaction guards still roll TRACE work back, but plain JDBC in autocommit"
            + " mode is not covered)";
    if (config.trace().requireJdbcGuard()) {
      throw new IllegalStateException(
          message + "; quarkus.contextkit.trace.require-jdbc-guard=true requires it");
    }
    LOG.warn(message);
  }
}
