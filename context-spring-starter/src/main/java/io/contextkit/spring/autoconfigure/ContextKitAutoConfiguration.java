package io.contextkit.spring.autoconfigure;

import io.contextkit.ContextPropagator;
import io.contextkit.config.ContextKitFactory;
import io.contextkit.spring.autoconfigure.internal.ExclusiveBaggagePostProcessor;
import io.contextkit.spring.autoconfigure.internal.SpringSettings;
import io.contextkit.spring.autoconfigure.internal.UnknownKeys;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the {@link ContextPropagator} that every ContextKit integration shares,
 * built from {@link ContextKitProperties}. Invalid settings fail startup with a message naming the
 * key. An application replaces it by declaring its own {@code ContextPropagator} bean.
 *
 * <p>When an OpenTelemetry tracer propagates too (Spring Boot's tracing auto-configuration
 * propagates W3C baggage by default), its {@code ContextPropagators} bean is kept off the {@code
 * baggage} header unless {@code contextkit.tracing.exclusive-baggage} is false: otherwise the
 * tracer would take an untrusted caller's baggage into its context and send it on to every
 * destination, third parties included, past ContextKit's trust policy.
 *
 * <p>At startup, every {@code contextkit.*} property that no ContextKit key accounts for is named
 * in one warning line, with its property source and the key it was probably meant to be, or what
 * replaced it when it is a key of a pre-release version; values are never logged.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ContextKitProperties.class)
public final class ContextKitAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ContextPropagator contextPropagator(ContextKitProperties properties) {
    return SpringSettings.boot(
        () ->
            ContextKitFactory.propagator(
                SpringSettings.of(properties, null, null), SpringSettings.KEYS));
  }

  // Static: a post-processor must not make this configuration (and its properties) initialise
  // early.
  @Bean
  @ConditionalOnBooleanProperty(
      name = "contextkit.tracing.exclusive-baggage",
      matchIfMissing = true)
  static ExclusiveBaggagePostProcessor contextKitExclusiveBaggagePostProcessor() {
    return new ExclusiveBaggagePostProcessor();
  }

  /**
   * Warns, in one line at startup, about {@code contextkit.*} properties no ContextKit key accounts
   * for (a typo, a renamed pre-release key): the binder alone ignores them in silence.
   */
  @Bean
  static UnknownKeys contextKitUnknownKeys(ConfigurableEnvironment environment) {
    return new UnknownKeys(environment);
  }
}
