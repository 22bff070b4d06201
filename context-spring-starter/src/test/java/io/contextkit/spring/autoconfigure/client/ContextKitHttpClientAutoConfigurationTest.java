package io.contextkit.spring.autoconfigure.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.internal.ClientObservationRequestContext;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitClientBeanPostProcessor;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitClientHttpRequestInterceptor;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

class ContextKitHttpClientAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  RestTemplateAutoConfiguration.class,
                  ContextKitHttpClientAutoConfiguration.class));

  @Test
  void suppliesPostProcessorAndCustomizers() {
    contextRunner.run(
        context -> {
          assertThat(context).hasSingleBean(ContextKitClientBeanPostProcessor.class);
          assertThat(context).hasBean("contextKitRestClientCustomizer");
          assertThat(context).hasBean("contextKitRestTemplateCustomizer");
          assertThat(context).hasSingleBean(ClientObservationRequestContext.class);
        });
  }

  @Test
  void interceptsEveryClientBeanExactlyOnce() {
    contextRunner
        .withUserConfiguration(Clients.class)
        .run(
            context -> {
              assertThat(count(context.getBean("plain", RestTemplate.class))).isEqualTo(1);
              assertThat(count(context.getBean("fromBootBuilder", RestTemplate.class)))
                  .isEqualTo(1);
              RestClient.Builder builder = context.getBean("builder", RestClient.Builder.class);
              int[] n = {0};
              builder.requestInterceptors(
                  list ->
                      n[0] =
                          (int)
                              list.stream()
                                  .filter(i -> i instanceof ContextKitClientHttpRequestInterceptor)
                                  .count());
              assertThat(n[0]).isEqualTo(1);
            });
  }

  @Test
  void backsOffForUserPostProcessor() {
    contextRunner
        .withUserConfiguration(UserPostProcessor.class)
        .run(
            context ->
                assertThat(context.getBean(ContextKitClientBeanPostProcessor.class))
                    .isSameAs(UserPostProcessor.INSTANCE));
  }

  @Test
  void offWhenClientPropertyIsFalse() {
    contextRunner
        .withPropertyValues("contextkit.client.enabled=false")
        .withUserConfiguration(Clients.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ContextKitClientBeanPostProcessor.class);
              assertThat(context).doesNotHaveBean(ClientObservationRequestContext.class);
              assertThat(count(context.getBean("plain", RestTemplate.class))).isZero();
            });
  }

  @Test
  void noObservationHandlerWithoutMicrometerObservation() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(ObservationHandler.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(ContextKitClientBeanPostProcessor.class);
              assertThat(context).doesNotHaveBean(ClientObservationRequestContext.class);
            });
  }

  @Test
  void offWhenSpringWebIsMissing() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(RestClient.class))
        .run(
            context ->
                assertThat(context).doesNotHaveBean(ContextKitClientBeanPostProcessor.class));
  }

  private static long count(RestTemplate template) {
    return template.getInterceptors().stream()
        .filter(i -> i instanceof ContextKitClientHttpRequestInterceptor)
        .count();
  }

  @Configuration(proxyBeanMethods = false)
  static class Clients {
    @Bean
    RestTemplate plain() {
      return new RestTemplate();
    }

    @Bean
    RestTemplate fromBootBuilder(RestTemplateBuilder builder) {
      return builder.build();
    }

    @Bean
    RestClient.Builder builder() {
      return RestClient.builder();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserPostProcessor {
    static final ContextKitClientBeanPostProcessor INSTANCE =
        new ContextKitClientBeanPostProcessor(
            new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(io.contextkit.ContextPropagator.class));

    @Bean
    static ContextKitClientBeanPostProcessor myPostProcessor() {
      return INSTANCE;
    }
  }
}
