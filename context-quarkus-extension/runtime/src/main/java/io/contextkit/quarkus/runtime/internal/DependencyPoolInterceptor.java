package io.contextkit.quarkus.runtime.internal;

import io.agroal.api.AgroalPoolInterceptor;
import io.contextkit.ContextKit;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;

/**
 * Counts each connection the default Agroal datasource hands out in the runtime dependency map, as
 * a call of the {@link DependencyKind#DATASOURCE} edge {@code <default>} (STANDARD and TRACE apart;
 * no latency: the pool reports the checkout, not how long it took). Registered only when
 * quarkus-agroal is present; named datasources are not counted yet.
 */
@ApplicationScoped
public class DependencyPoolInterceptor implements AgroalPoolInterceptor {

  /** The name Quarkus gives the default datasource. */
  static final String DEFAULT_DATASOURCE = "<default>";

  @Override
  public void onConnectionAcquire(Connection connection) {
    ContextKit.dependencies()
        .edge(DependencyKind.DATASOURCE, DependencyDirection.CALLED, DEFAULT_DATASOURCE)
        .record(-1, false, RequestContexts.current().isTrace());
  }
}
