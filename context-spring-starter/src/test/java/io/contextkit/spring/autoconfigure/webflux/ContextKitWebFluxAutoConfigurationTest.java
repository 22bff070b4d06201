package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.Identity;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spi.IdentityResolver;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.security.internal.ReactiveSecurityIdentities;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitExceptionHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitHttpHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitIdentityWebFilter;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitWebFilter;
import io.contextkit.spring.autoconfigure.webflux.internal.ObservedServerSpans;
import io.contextkit.spring.autoconfigure.webflux.internal.ReactiveServerSpans;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

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
  void suppliesIdentityFilterAfterSpringSecurityFedByTheIdentityResolver() {
    reactiveRunner
        .withUserConfiguration(UserResolver.class)
        .run(
            context -> {
              ContextKitIdentityWebFilter filter =
                  context.getBean("contextKitIdentityWebFilter", ContextKitIdentityWebFilter.class);
              assertThat(filter.getOrder())
                  .isEqualTo(ContextKitWebFluxAutoConfiguration.IDENTITY_FILTER_ORDER)
                  .isGreaterThan(-100);
              assertThat(filter)
                  .extracting("identities")
                  .isInstanceOf(ReactiveSecurityIdentities.class);
            });
  }

  @Test
  void identityFilterIsAnonymousWithoutSpringSecurity() {
    reactiveRunner
        .withUserConfiguration(UserResolver.class)
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(
            context -> {
              ContextKitIdentityWebFilter filter =
                  context.getBean("contextKitIdentityWebFilter", ContextKitIdentityWebFilter.class);
              assertThat(filter)
                  .extracting("identities")
                  .isNotInstanceOf(ReactiveSecurityIdentities.class);
            });
  }

  @Test
  void suppliesHttpHandlerDecoratorThatWrapsOnce() {
    reactiveRunner.run(
        context -> {
          HttpHandlerDecoratorFactory decorator =
              context.getBean("contextKitHttpHandlerDecorator", HttpHandlerDecoratorFactory.class);
          HttpHandler inner = (request, response) -> response.setComplete();
          HttpHandler once = decorator.apply(inner);
          assertThat(once).isInstanceOf(ContextKitHttpHandler.class);
          assertThat(decorator.apply(once)).isSameAs(once);
        });
  }

  @Test
  void wrapsEveryExceptionHandlerOfTheHandlerBuilderOnce() {
    reactiveRunner.run(
        context -> {
          WebHttpHandlerBuilderCustomizer customizer =
              context.getBean("contextKitExceptionHandlers", WebHttpHandlerBuilderCustomizer.class);
          WebExceptionHandler first = (exchange, ex) -> Mono.error(ex);
          WebExceptionHandler second = (exchange, ex) -> Mono.empty();
          WebHttpHandlerBuilder builder =
              WebHttpHandlerBuilder.webHandler(exchange -> Mono.empty())
                  .exceptionHandler(first)
                  .exceptionHandler(second);

          customizer.customize(builder);
          customizer.customize(builder);

          builder.exceptionHandlers(
              handlers ->
                  assertThat(handlers)
                      .hasSize(2)
                      .allSatisfy(h -> assertThat(h).isInstanceOf(ContextKitExceptionHandler.class))
                      .extracting("delegate")
                      .containsExactly(first, second));
        });
  }

  @Test
  void noExceptionHandlerWrappingWithoutBootsHandlerBuilderCustomizer() {
    reactiveRunner
        .withClassLoader(new FilteredClassLoader(WebHttpHandlerBuilderCustomizer.class))
        .run(
            context -> {
              assertThat(context).hasBean("contextKitWebFilter");
              assertThat(context).doesNotHaveBean("contextKitExceptionHandlers");
            });
  }

  @Test
  void filtersReadMicrometerTracingsServerSpanWhenItIsPresent() {
    reactiveRunner
        .withUserConfiguration(UserResolver.class)
        .run(
            context -> {
              assertThat(context.getBean("contextKitWebFilter"))
                  .extracting("serverSpans")
                  .isInstanceOf(ObservedServerSpans.class);
              assertThat(context.getBean("contextKitIdentityWebFilter"))
                  .extracting("serverSpans")
                  .isInstanceOf(ObservedServerSpans.class);
            });
  }

  @Test
  void filtersReadNoSpanWithoutMicrometerTracing() {
    reactiveRunner
        .withUserConfiguration(UserResolver.class)
        .withClassLoader(new FilteredClassLoader("io.micrometer.tracing"))
        .run(
            context -> {
              assertThat(context.getBean("contextKitWebFilter"))
                  .extracting("serverSpans")
                  .isSameAs(ReactiveServerSpans.NONE);
              assertThat(context.getBean("contextKitIdentityWebFilter"))
                  .extracting("serverSpans")
                  .isSameAs(ReactiveServerSpans.NONE);
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
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("contextKitWebFilter");
              assertThat(context).doesNotHaveBean("contextKitIdentityWebFilter");
              assertThat(context).doesNotHaveBean("contextKitHttpHandlerDecorator");
              assertThat(context).doesNotHaveBean("contextKitExceptionHandlers");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserResolver {

    @Bean
    IdentityResolver<Authentication> identityResolver() {
      return authentication -> Identity.anonymous();
    }
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
