package io.contextkit.spring.autoconfigure.dependencies;

import io.contextkit.dependencies.DependencyMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only {@code contextkitdependencies} actuator endpoint: this service's name ({@code
 * spring.application.name}) and version (build-info, else the application jar's manifest), and
 * every edge of the runtime dependency map, in the JSON shape of {@link DependencyMap#report} — the
 * same as the Quarkus extension's {@code /q/contextkit/dependencies}, and what {@code contextkit
 * map} reads.
 */
@Endpoint(id = "contextkitdependencies")
public final class ContextKitDependenciesEndpoint {

  private final DependencyMap map;
  private final String service;
  private final @Nullable String version;

  ContextKitDependenciesEndpoint(DependencyMap map, String service, @Nullable String version) {
    this.map = map;
    this.service = service;
    this.version = version;
  }

  /** The service and its dependency edges. */
  @ReadOperation
  public Map<String, @Nullable Object> dependencies() {
    return map.report(service, version);
  }
}
