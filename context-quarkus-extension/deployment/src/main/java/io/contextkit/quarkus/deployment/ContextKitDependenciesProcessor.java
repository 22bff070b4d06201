package io.contextkit.quarkus.deployment;

import io.contextkit.quarkus.runtime.ContextKitBuildTimeConfig;
import io.contextkit.quarkus.runtime.ContextKitDependenciesRecorder;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ApplicationInfoBuildItem;
import io.quarkus.vertx.http.deployment.NonApplicationRootPathBuildItem;
import io.quarkus.vertx.http.deployment.RouteBuildItem;

/**
 * The runtime dependency map's endpoint, {@code /q/contextkit/dependencies} (below the
 * non-application root), named after {@code quarkus.application.name} and {@code
 * quarkus.application.version}.
 */
final class ContextKitDependenciesProcessor {

  @BuildStep
  @Record(ExecutionTime.RUNTIME_INIT)
  void dependenciesEndpoint(
      ContextKitBuildTimeConfig config,
      ContextKitDependenciesRecorder recorder,
      NonApplicationRootPathBuildItem nonApplicationRoot,
      ApplicationInfoBuildItem application,
      BeanContainerBuildItem beanContainer,
      BuildProducer<RouteBuildItem> routes) {
    if (!config.enabled()) {
      return;
    }
    String version = application.getVersion();
    routes.produce(
        nonApplicationRoot
            .routeBuilder()
            .route("contextkit/dependencies")
            .handler(
                recorder.handler(
                    beanContainer.getValue(),
                    application.getName(),
                    version == null || version.isEmpty() ? null : version))
            .displayOnNotFoundPage("ContextKit runtime dependency map")
            .build());
  }
}
