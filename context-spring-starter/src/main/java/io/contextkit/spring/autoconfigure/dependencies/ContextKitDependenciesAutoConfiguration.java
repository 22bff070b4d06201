package io.contextkit.spring.autoconfigure.dependencies;

import io.contextkit.ContextKit;
import io.contextkit.dependencies.DependencyMap;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The runtime dependency map the HTTP clients, Kafka and data sources record into ({@link
 * ContextKit#dependencies()}, capped at {@code contextkit.dependencies.max-edges}), and its {@code
 * contextkitdependencies} actuator endpoint when Actuator is present.
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ContextKitDependenciesProperties.class)
public final class ContextKitDependenciesAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DependencyMap contextKitDependencyMap(ContextKitDependenciesProperties properties) {
    int maxEdges = properties.getMaxEdges();
    if (maxEdges < 1 || maxEdges > DependencyMap.LIMIT_MAX_EDGES) {
      throw new IllegalArgumentException(
          "contextkit.dependencies.max-edges must be between 1 and "
              + DependencyMap.LIMIT_MAX_EDGES
              + ", not "
              + maxEdges);
    }
    ContextKit.setDependencyMaxEdges(maxEdges);
    return ContextKit.dependencies();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ContextKitDependenciesEndpoint contextKitDependenciesEndpoint(
        DependencyMap map,
        Environment environment,
        ObjectProvider<BuildProperties> buildProperties,
        ApplicationContext context) {
      String service = environment.getProperty("spring.application.name", "application");
      return new ContextKitDependenciesEndpoint(
          map, service, version(buildProperties.getIfAvailable(), context));
    }

    /** build-info's version, else Implementation-Version of the application class's jar. */
    private static @Nullable String version(
        @Nullable BuildProperties buildProperties, ApplicationContext context) {
      if (buildProperties != null && buildProperties.getVersion() != null) {
        return buildProperties.getVersion();
      }
      for (String name : context.getBeanNamesForAnnotation(SpringBootConfiguration.class)) {
        Class<?> type = context.getType(name);
        if (type != null) {
          String version = ClassUtils.getUserClass(type).getPackage().getImplementationVersion();
          if (version != null) {
            return version;
          }
        }
      }
      return null;
    }
  }
}
