package io.contextkit.spring.autoconfigure.client;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitExchangeFilterFunction;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitWebClientBeanPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of context propagation for Spring WebFlux's {@link WebClient}: an exchange
 * filter added by a {@code WebClientCustomizer} to Boot's {@code WebClient.Builder}, and by a
 * post-processor to every {@code WebClient.Builder} and {@code WebClient} bean the application
 * declares itself. Never added twice. Off with {@code contextkit.client.enabled=false}.
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnClass(WebClient.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.client.enabled", matchIfMissing = true)
public final class ContextKitWebClientAutoConfiguration {

  // Static: see ContextKitHttpClientAutoConfiguration.
  @Bean
  @ConditionalOnMissingBean
  static ContextKitWebClientBeanPostProcessor contextKitWebClientBeanPostProcessor(
      ObjectProvider<ContextPropagator> propagator) {
    return new ContextKitWebClientBeanPostProcessor(propagator);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(WebClientCustomizer.class)
  static class BootBuilderConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitWebClientCustomizer")
    WebClientCustomizer contextKitWebClientCustomizer(
        ObjectProvider<ContextPropagator> propagator) {
      ContextKitExchangeFilterFunction filter =
          new ContextKitExchangeFilterFunction(propagator::getObject);
      return builder ->
          builder.filters(filters -> ContextKitExchangeFilterFunction.addOnce(filters, filter));
    }
  }
}
