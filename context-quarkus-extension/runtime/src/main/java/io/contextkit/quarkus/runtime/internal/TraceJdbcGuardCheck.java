package io.contextkit.quarkus.runtime.internal;

import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.quarkus.runtime.TraceGuardDriver;
import io.quarkus.agroal.runtime.AgroalDataSourceSupport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Checks at startup that every Agroal datasource with a JDBC URL opens its connections through
 * {@link TraceGuardDriver}, the JDBC backstop of TRACE requests. An unguarded datasource is logged
 * as a warning, or stops the application when {@code
 * quarkus.contextkit.trace.require-jdbc-guard=true}; either message names the key to set.
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
    Config settings = ConfigProvider.getConfig();
    // Sorted, so the message does not depend on the map's order.
    for (AgroalDataSourceSupport.Entry entry : new TreeMap<>(dataSources.entries).values()) {
      String prefix =
          entry.isDefault
              ? "quarkus.datasource."
              : "quarkus.datasource.\"" + entry.dataSourceName + "\".";
      // A datasource without a URL is never created (e.g. the implicit default one).
      if (!TraceGuardDriver.class.getName().equals(entry.resolvedDriverClass)
          && settings.getOptionalValue(prefix + "jdbc.url", String.class).isPresent()) {
        unguarded.add(prefix + "jdbc.driver");
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
