package io.contextkit.spring.autoconfigure.client;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.internal.ClientObservationRequestContext;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitClientBeanPostProcessor;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitClientHttpRequestInterceptor;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitRestTemplateBuilderPostProcessor;
import io.micrometer.observation.ObservationHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of outbound propagation for {@code RestClient} and {@code RestTemplate}:
 * customizers for Boot's builders, and post-processors for client and builder beans however they
 * were created. Clients created outside the container use {@link ContextKitClients}; the JDK {@code
 * HttpClient} uses {@link ContextKitHttpClient}. When the calls are observed (a tracer is present),
 * an observation handler keeps the caller's request context current inside each call's scope, where
 * Micrometer Tracing's OpenTelemetry bridge would otherwise restore a stale one.
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnClass(RestClient.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.client.enabled", matchIfMissing = true)
public final class ContextKitHttpClientAutoConfiguration {

  // Static: a BeanPostProcessor from an instance method would force this configuration to be
  // created before the other post-processors ("not eligible for getting processed by all
  // BeanPostProcessors").
  @Bean
  @ConditionalOnMissingBean
  static ContextKitClientBeanPostProcessor contextKitClientBeanPostProcessor(
      ObjectProvider<ContextPropagator> propagator) {
    return new ContextKitClientBeanPostProcessor(propagator);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RestClientCustomizer.class)
  static class BootBuilderConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitRestClientCustomizer")
    RestClientCustomizer contextKitRestClientCustomizer(
        ObjectProvider<ContextPropagator> propagator) {
      ContextKitClientHttpRequestInterceptor interceptor =
          new ContextKitClientHttpRequestInterceptor(propagator::getObject);
      return builder ->
          builder.requestInterceptors(
              list -> ContextKitClientHttpRequestInterceptor.addOnce(list, interceptor));
    }

    @Bean
    @ConditionalOnMissingBean(name = "contextKitRestTemplateCustomizer")
    RestTemplateCustomizer contextKitRestTemplateCustomizer(
        ObjectProvider<ContextPropagator> propagator) {
      ContextKitClientHttpRequestInterceptor interceptor =
          new ContextKitClientHttpRequestInterceptor(propagator::getObject);
      return restTemplate ->
          ContextKitClientHttpRequestInterceptor.addOnce(
              restTemplate.getInterceptors(), interceptor);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RestTemplateBuilder.class)
  static class RestTemplateBuilderConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static ContextKitRestTemplateBuilderPostProcessor contextKitRestTemplateBuilderPostProcessor(
        ObjectProvider<ContextPropagator> propagator) {
      return new ContextKitRestTemplateBuilderPostProcessor(propagator);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationHandler.class)
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClientObservationRequestContext contextKitClientObservationRequestContext() {
      return new ClientObservationRequestContext();
    }
  }
}
