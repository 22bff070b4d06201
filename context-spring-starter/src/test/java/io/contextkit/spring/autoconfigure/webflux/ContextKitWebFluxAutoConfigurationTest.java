package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitWebFilter;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;

class ContextKitWebFluxAutoConfigurationTest {

  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          ContextKitAutoConfiguration.class, ContextKitWebFluxAutoConfiguration.class);

  private final ReactiveWebApplicationContextRunner reactiveRunner =
      new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS);

  @Test
  void suppliesWebFilterAtHighestPrecedenceForReactiveApps() {
    reactiveRunner.run(
        context -> {
          assertThat(context).hasBean("contextKitWebFilter");
          WebFilter filter = context.getBean("contextKitWebFilter", WebFilter.class);
          assertThat(filter).isInstanceOf(ContextKitWebFilter.class);
          assertThat(((Ordered) filter).getOrder())
              .isEqualTo(ContextKitWebFluxAutoConfiguration.WEB_FILTER_ORDER)
              .isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        });
  }

  @Test
  void reactorContextKeyIsTheThreadLocalAccessorKey() {
    reactiveRunner.run(
        context -> {
          assertThat(ContextKitWebFluxAutoConfiguration.REACTOR_CONTEXT_KEY)
              .isEqualTo(RequestContextThreadLocalAccessor.KEY);
          assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
              .filteredOn(accessor -> RequestContextThreadLocalAccessor.KEY.equals(accessor.key()))
              .hasSize(1)
              .first()
              .isInstanceOf(RequestContextThreadLocalAccessor.class);
        });
  }

  @Test
  void doesNotSupplyWebFilterForServletApps() {
    new WebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .run(context -> assertThat(context).doesNotHaveBean("contextKitWebFilter"));
  }

  @Test
  void doesNotSupplyWebFilterOutsideWebApps() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .run(context -> assertThat(context).doesNotHaveBean("contextKitWebFilter"));
  }

  @Test
  void backsOffForUserWebFilter() {
    reactiveRunner
        .withUserConfiguration(UserFilter.class)
        .run(
            context -> {
              assertThat(context.getBean("contextKitWebFilter")).isSameAs(UserFilter.FILTER);
              assertThat(context).doesNotHaveBean(ContextKitWebFilter.class);
            });
  }

  @Test
  void offWhenWebPropertyIsFalse() {
    reactiveRunner
        .withPropertyValues("contextkit.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("contextKitWebFilter"));
  }

  @Configuration(proxyBeanMethods = false)
  static class UserFilter {

    static final WebFilter FILTER = (exchange, chain) -> chain.filter(exchange);

    @Bean
    WebFilter contextKitWebFilter() {
      return FILTER;
    }
  }
}
