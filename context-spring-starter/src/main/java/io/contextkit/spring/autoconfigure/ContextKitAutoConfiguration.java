package io.contextkit.spring.autoconfigure;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.internal.PropagatorFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ContextPropagator} that every ContextKit integration shares,
 * built from {@link ContextKitProperties}. Invalid settings fail startup with a message naming the
 * key. An application replaces it by declaring its own {@code ContextPropagator} bean.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ContextKitProperties.class)
public final class ContextKitAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ContextPropagator contextPropagator(ContextKitProperties properties) {
    return PropagatorFactory.create(properties);
  }
}
