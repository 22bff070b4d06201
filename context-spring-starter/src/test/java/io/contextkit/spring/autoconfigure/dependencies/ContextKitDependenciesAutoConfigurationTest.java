package io.contextkit.spring.autoconfigure.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextKit;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.dependencies.DependencyMap;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ContextKitDependenciesAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  ContextKitDependenciesAutoConfiguration.class))
          .withPropertyValues(
              "management.endpoints.web.exposure.include=contextkitdependencies",
              "spring.application.name=orders");

  @AfterEach
  void restoreDefaultCap() {
    ContextKit.setDependencyMaxEdges(DependencyMap.DEFAULT_MAX_EDGES);
  }

  @Test
  void suppliesTheProcessMapAndAnEndpointNamedAfterTheApplication() {
    contextRunner.run(
        context -> {
          DependencyMap map = context.getBean(DependencyMap.class);
          assertThat(map).isSameAs(ContextKit.dependencies());
          map.edge(DependencyKind.MAIL, DependencyDirection.CALLED, "smtp-autoconfig-test")
              .record(1_000_000, false, true);
          Map<String, Object> report =
              context.getBean(ContextKitDependenciesEndpoint.class).dependencies();
          assertThat(report)
              .containsEntry("service", "orders")
              .containsEntry("version", null)
              .containsEntry("maxEdges", 1000);
          assertThat(report.get("edges").toString()).contains("smtp-autoconfig-test");
        });
  }

  @Test
  void versionComesFromBuildInfo() {
    Properties info = new Properties();
    info.setProperty("version", "1.4.2");
    contextRunner
        .withBean(BuildProperties.class, () -> new BuildProperties(info))
        .run(
            context ->
                assertThat(context.getBean(ContextKitDependenciesEndpoint.class).dependencies())
                    .containsEntry("version", "1.4.2"));
  }

  @Test
  void appliesTheConfiguredCap() {
    contextRunner
        .withPropertyValues("contextkit.dependencies.max-edges=20000")
        .run(
            context ->
                assertThat(context.getBean(DependencyMap.class).maxEdges()).isEqualTo(20000));
  }

  @Test
  void refusesACapOutOfRangeNamingTheKey() {
    contextRunner
        .withPropertyValues("contextkit.dependencies.max-edges=0")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("contextkit.dependencies.max-edges"));
  }

  @Test
  void endpointOffWhenNotExposed() {
    contextRunner
        .withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(
            context -> {
              assertThat(context).hasSingleBean(DependencyMap.class);
              assertThat(context).doesNotHaveBean(ContextKitDependenciesEndpoint.class);
            });
  }

  @Test
  void backsOffForAUserMap() {
    DependencyMap own = DependencyMap.create(5);
    contextRunner
        .withBean(DependencyMap.class, () -> own)
        .run(context -> assertThat(context.getBean(DependencyMap.class)).isSameAs(own));
  }

  @Test
  void offWhenContextKitIsDisabled() {
    contextRunner
        .withPropertyValues("contextkit.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(DependencyMap.class));
  }

  @Test
  void noEndpointWithoutActuator() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(DependencyMap.class);
              assertThat(context).doesNotHaveBean(ContextKitDependenciesEndpoint.class);
            });
  }
}
