package io.contextkit.spring.autoconfigure.actuator;

import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of ContextKit's actuator support: the {@code contextkit} endpoint (when
 * Actuator is present and the endpoint is exposed) and a {@link MeterBinder} publishing the
 * counters (when Micrometer is present; Boot binds it to every {@code MeterRegistry}).
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ContextKitProperties.class)
public final class ContextKitActuatorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ContextKitEndpoint contextKitEndpoint(
        ContextKitProperties properties, ListableBeanFactory beans) {
      return new ContextKitEndpoint(properties, beans);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ContextKitMeterBinder contextKitMeterBinder() {
      return new ContextKitMeterBinder();
    }
  }
}
