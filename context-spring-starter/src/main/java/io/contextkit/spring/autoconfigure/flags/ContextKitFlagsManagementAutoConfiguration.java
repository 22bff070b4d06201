package io.contextkit.spring.autoconfigure.flags;

import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.spring.autoconfigure.flags.internal.FlagProperties;
import io.contextkit.spring.autoconfigure.flags.internal.FlagReloader;
import java.util.Set;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runtime management of ContextKit's flag provider, when {@link ContextKitFlagsAutoConfiguration}
 * set it up: the read-only {@code flags} actuator endpoint ({@link ContextKitFlagsEndpoint}) and,
 * with Spring Cloud Context, a reload whenever an {@code EnvironmentChangeEvent} touches {@code
 * contextkit.flags.*} (e.g. after {@code /actuator/refresh} or a config-server push).
 */
@AutoConfiguration(after = ContextKitFlagsAutoConfiguration.class)
@ConditionalOnClass(ContextKitFlagProvider.class)
@ConditionalOnBean({ContextKitFlagProvider.class, FlagReloader.class})
public final class ContextKitFlagsManagementAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(EnvironmentChangeEvent.class)
  static class EnvironmentChangeConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitFlagEnvironmentListener")
    ApplicationListener<EnvironmentChangeEvent> contextKitFlagEnvironmentListener(
        FlagReloader reloader) {
      return event -> {
        if (touchesFlags(event.getKeys())) {
          reloader.reload();
        }
      };
    }

    private static boolean touchesFlags(Set<String> keys) {
      for (String key : keys) {
        if (key.startsWith(FlagProperties.PREFIX) || key.startsWith("CONTEXTKIT_FLAGS_")) {
          return true;
        }
      }
      return false;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ContextKitFlagsEndpoint contextKitFlagsEndpoint(
        ContextKitFlagProvider provider, FlagProperties properties) {
      return new ContextKitFlagsEndpoint(provider, properties);
    }
  }
}
