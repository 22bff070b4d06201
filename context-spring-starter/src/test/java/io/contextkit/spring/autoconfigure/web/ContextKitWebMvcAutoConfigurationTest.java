package io.contextkit.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.security.AuthenticationIdentityResolver;
import io.contextkit.spring.autoconfigure.security.ContextKitSecurityAutoConfiguration;
import io.contextkit.spring.autoconfigure.web.internal.ContextKitSpanFilter;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

class ContextKitWebMvcAutoConfigurationTest {

  private final WebApplicationContextRunner contextRunner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  ContextKitSecurityAutoConfiguration.class,
                  ContextKitWebMvcAutoConfiguration.class));

  @Test
  void suppliesInboundAndIdentityFilters() {
    contextRunner.run(
        context -> {
          assertThat(context).hasBean("contextKitInboundFilter");
          assertThat(context).hasBean("contextKitIdentityFilter");
          assertThat(context).hasSingleBean(AuthenticationIdentityResolver.class);
          FilterRegistrationBean<?> inbound =
              context.getBean("contextKitInboundFilter", FilterRegistrationBean.class);
          assertThat(inbound.getOrder())
              .isEqualTo(ContextKitWebMvcAutoConfiguration.INBOUND_FILTER_ORDER);
          FilterRegistrationBean<?> identity =
              context.getBean("contextKitIdentityFilter", FilterRegistrationBean.class);
          assertThat(identity.getOrder()).isGreaterThan(-100);
        });
  }

  @Test
  void suppliesSpanFilterRightAfterSpringsObservationFilter() {
    contextRunner.run(
        context -> {
          FilterRegistrationBean<?> span =
              context.getBean("contextKitSpanFilter", FilterRegistrationBean.class);
          assertThat(span.getFilter()).isInstanceOf(ContextKitSpanFilter.class);
          // Boot registers ServerHttpObservationFilter at HIGHEST_PRECEDENCE + 1.
          assertThat(span.getOrder())
              .isEqualTo(ContextKitWebMvcAutoConfiguration.SPAN_FILTER_ORDER)
              .isGreaterThan(Ordered.HIGHEST_PRECEDENCE + 1)
              .isLessThan(ContextKitWebMvcAutoConfiguration.IDENTITY_FILTER_ORDER);
        });
  }

  @Test
  void backsOffForUserSpanFilter() {
    contextRunner
        .withBean(
            "contextKitSpanFilter",
            FilterRegistrationBean.class,
            () ->
                new FilterRegistrationBean<>(
                    (Filter) (req, res, chain) -> chain.doFilter(req, res)))
        .run(
            context ->
                assertThat(
                        context
                            .getBean("contextKitSpanFilter", FilterRegistrationBean.class)
                            .getFilter())
                    .isNotInstanceOf(ContextKitSpanFilter.class));
  }

  @Test
  void backsOffForUserInboundFilter() {
    contextRunner
        .withUserConfiguration(UserFilter.class)
        .run(
            context ->
                assertThat(context.getBean("contextKitInboundFilter"))
                    .isSameAs(UserFilter.REGISTRATION));
  }

  @Test
  void offWhenWebPropertyIsFalse() {
    contextRunner
        .withPropertyValues("contextkit.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("contextKitInboundFilter"));
  }

  @Test
  void offWhenServletApiIsMissing() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(Filter.class))
        .run(context -> assertThat(context).doesNotHaveBean("contextKitInboundFilter"));
  }

  @Test
  void offOutsideServletWebApplications() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitAutoConfiguration.class, ContextKitWebMvcAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean("contextKitInboundFilter"));
  }

  @Test
  void worksWithoutSpringSecurity() {
    contextRunner
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(
            context -> {
              assertThat(context).hasBean("contextKitIdentityFilter");
              assertThat(context).doesNotHaveBean(AuthenticationIdentityResolver.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserFilter {
    static final FilterRegistrationBean<Filter> REGISTRATION =
        new FilterRegistrationBean<>((req, res, chain) -> chain.doFilter(req, res));

    @Bean
    FilterRegistrationBean<Filter> contextKitInboundFilter() {
      return REGISTRATION;
    }
  }
}
