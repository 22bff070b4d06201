package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code GET /q/contextkit/dependencies}: the service's name and version and every edge of
 * the runtime dependency map, in the JSON shape of {@link
 * io.contextkit.dependencies.DependencyMap#report} (the same as Spring's {@code
 * contextkitdependencies} actuator endpoint). Other methods are answered 405.
 */
public final class DependenciesHandler implements Handler<RoutingContext> {

  private final String service;
  private final @Nullable String version;

  public DependenciesHandler(String service, @Nullable String version) {
    this.service = service;
    this.version = version;
  }

  @Override
  public void handle(RoutingContext routing) {
    String method = routing.request().method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      routing.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    routing
        .response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(ContextKit.dependencies().reportJson(service, version));
  }
}
