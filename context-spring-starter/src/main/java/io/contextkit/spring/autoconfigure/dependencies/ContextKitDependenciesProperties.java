package io.contextkit.spring.autoconfigure.dependencies;

import io.contextkit.dependencies.DependencyMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the runtime dependency map ({@code contextkit.dependencies.*}). */
@ConfigurationProperties("contextkit.dependencies")
public final class ContextKitDependenciesProperties {

  /**
   * Most dependency edges kept (targets × direction); calls to further targets are only counted in
   * overflowCalls. Between 1 and 1048576.
   */
  private int maxEdges = DependencyMap.DEFAULT_MAX_EDGES;

  public int getMaxEdges() {
    return maxEdges;
  }

  public void setMaxEdges(int maxEdges) {
    this.maxEdges = maxEdges;
  }
}
