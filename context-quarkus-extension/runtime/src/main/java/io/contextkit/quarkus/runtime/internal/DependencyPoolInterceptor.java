package io.contextkit.quarkus.runtime.internal;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalPoolInterceptor;
import io.contextkit.ContextKit;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts each connection an Agroal datasource hands out in the runtime dependency map, as a call of
 * the {@link DependencyKind#DATASOURCE} edge named after the datasource ({@code <default>} for the
 * default one; STANDARD and TRACE apart; no latency: the pool reports the checkout, not how long it
 * took). Added to every datasource quarkus-agroal creates, the default and the named ones ({@link
 * #addTo}), next to the application's own pool interceptors.
 */
public final class DependencyPoolInterceptor implements AgroalPoolInterceptor {

  /** The name Quarkus gives the default datasource. */
  static final String DEFAULT_DATASOURCE = "<default>";

  private final String dataSource;

  DependencyPoolInterceptor(String dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Adds an interceptor counting the connections of {@code dataSource} (named {@code name}) unless
   * it has one; keeps the interceptors it has.
   */
  static void addTo(AgroalDataSource dataSource, String name) {
    List<AgroalPoolInterceptor> interceptors = new ArrayList<>(interceptorsOf(dataSource));
    for (AgroalPoolInterceptor interceptor : interceptors) {
      if (interceptor instanceof DependencyPoolInterceptor) {
        return;
      }
    }
    interceptors.add(new DependencyPoolInterceptor(name));
    dataSource.setPoolInterceptors(interceptors);
  }

  /**
   * The pool's interceptors. Agroal's pool answers a {@code NullPointerException} instead of an
   * empty list until interceptors were set once (which quarkus-agroal does only when the
   * application has some).
   */
  private static List<AgroalPoolInterceptor> interceptorsOf(AgroalDataSource dataSource) {
    try {
      return dataSource.getPoolInterceptors();
    } catch (NullPointerException none) {
      return List.of();
    }
  }

  @Override
  public void onConnectionAcquire(Connection connection) {
    ContextKit.dependencies()
        .edge(DependencyKind.DATASOURCE, DependencyDirection.CALLED, dataSource)
        .record(-1, false, RequestContexts.current().isTrace());
  }
}
