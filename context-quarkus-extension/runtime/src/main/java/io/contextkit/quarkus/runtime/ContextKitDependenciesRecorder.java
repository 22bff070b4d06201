package io.contextkit.quarkus.runtime;

import io.contextkit.ContextKit;
import io.contextkit.dependencies.DependencyMap;
import io.contextkit.quarkus.runtime.internal.DependenciesHandler;
import io.quarkus.arc.runtime.BeanContainer;
import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.jspecify.annotations.Nullable;

/** Runtime step of the dependency map: its cap and its endpoint. */
@Recorder
public class ContextKitDependenciesRecorder {

  /**
   * Applies {@code quarkus.contextkit.dependencies.max-edges} and answers the handler of {@code
   * /q/contextkit/dependencies}.
   *
   * @param service the application's name
   * @param version the application's version, or null
   */
  public Handler<RoutingContext> handler(
      BeanContainer container, String service, @Nullable String version) {
    int maxEdges = container.beanInstance(ContextKitRuntimeConfig.class).dependencies().maxEdges();
    if (maxEdges < 1 || maxEdges > DependencyMap.LIMIT_MAX_EDGES) {
      throw new IllegalArgumentException(
          "quarkus.contextkit.dependencies.max-edges must be between 1 and "
              + DependencyMap.LIMIT_MAX_EDGES
              + ", not "
              + maxEdges);
    }
    ContextKit.setDependencyMaxEdges(maxEdges);
    return new DependenciesHandler(service, version);
  }
}
