package io.contextkit.spring.autoconfigure.web;

import io.contextkit.ContextPropagator;
import io.contextkit.Identity;
import io.contextkit.spi.IdentityResolver;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.security.AuthenticationIdentityResolver;
import io.contextkit.spring.autoconfigure.security.ContextKitSecurityAutoConfiguration;
import io.contextkit.spring.autoconfigure.web.internal.ContextKitIdentityFilter;
import io.contextkit.spring.autoconfigure.web.internal.ContextKitInboundFilter;
import io.contextkit.spring.autoconfigure.web.internal.ContextKitSpanFilter;
import io.contextkit.spring.autoconfigure.web.internal.ContextKitTomcatValve;
import io.contextkit.spring.autoconfigure.web.internal.InboundRequests;
import io.contextkit.spring.autoconfigure.web.internal.SecurityIdentities;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;

/**
 * Auto-configuration of the inbound context for servlet web applications (Spring MVC).
 *
 * <ul>
 *   <li>{@code contextKitInboundFilter}, at the highest precedence, on request, async and error
 *       dispatches: drops a leaked context, extracts the request's context, binds it for the rest
 *       of the chain, answers the request id header, refuses a malformed {@code request_type} with
 *       400.
 *   <li>{@code contextKitSpanFilter}, at {@link #SPAN_FILTER_ORDER} (after Spring's observation
 *       filter): when a tracer opened a server span, the context takes its trace ids and the span
 *       receives the context's fields as attributes.
 *   <li>{@code contextKitIdentityFilter}, at {@link #IDENTITY_FILTER_ORDER} (after Spring
 *       Security's filter chain): applies the authenticated caller's identity and refuses an
 *       unauthorised TRACE request with 403.
 *   <li>on Tomcat, a valve that keeps the context bound while the container logs an exception the
 *       application threw.
 * </ul>
 */
@AutoConfiguration(
    after = {ContextKitAutoConfiguration.class, ContextKitSecurityAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
@ConditionalOnBean(ContextPropagator.class)
@ConditionalOnBooleanProperty(name = "contextkit.web.enabled", matchIfMissing = true)
public final class ContextKitWebMvcAutoConfiguration {

  private static final String SECURITY_CONTEXT_HOLDER =
      "org.springframework.security.core.context.SecurityContextHolder";

  /** Order of the inbound filter: first of all. */
  public static final int INBOUND_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

  /**
   * Order of the span filter: just after Spring's observation filter ({@code
   * ServerHttpObservationFilter}, registered by Boot at {@code HIGHEST_PRECEDENCE + 1}), where a
   * tracer's server span is current.
   */
  public static final int SPAN_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  /**
   * Order of the identity filter: just after Spring Security's filter chain (registered at -100 by
   * default; an application that moves it later must move this filter too).
   */
  public static final int IDENTITY_FILTER_ORDER = -100 + 10;

  @Bean
  @ConditionalOnMissingBean
  InboundRequests contextKitInboundRequests(ContextPropagator propagator) {
    return new InboundRequests(propagator);
  }

  @Bean
  @ConditionalOnMissingBean(name = "contextKitInboundFilter")
  FilterRegistrationBean<ContextKitInboundFilter> contextKitInboundFilter(
      InboundRequests requests, ContextKitProperties properties) {
    FilterRegistrationBean<ContextKitInboundFilter> registration =
        new FilterRegistrationBean<>(
            new ContextKitInboundFilter(requests, properties.getRequestIdHeader()));
    registration.setOrder(INBOUND_FILTER_ORDER);
    registration.setDispatcherTypes(
        DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    registration.setName("contextKitInboundFilter");
    return registration;
  }

  @Bean
  @ConditionalOnMissingBean(name = "contextKitSpanFilter")
  FilterRegistrationBean<ContextKitSpanFilter> contextKitSpanFilter() {
    FilterRegistrationBean<ContextKitSpanFilter> registration =
        new FilterRegistrationBean<>(new ContextKitSpanFilter());
    registration.setOrder(SPAN_FILTER_ORDER);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setName("contextKitSpanFilter");
    return registration;
  }

  private static FilterRegistrationBean<ContextKitIdentityFilter> identityFilter(
      Function<HttpServletRequest, Identity> identities, List<String> traceAuthorities) {
    FilterRegistrationBean<ContextKitIdentityFilter> registration =
        new FilterRegistrationBean<>(new ContextKitIdentityFilter(identities, traceAuthorities));
    registration.setOrder(IDENTITY_FILTER_ORDER);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setName("contextKitIdentityFilter");
    return registration;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = SECURITY_CONTEXT_HOLDER)
  static class SecurityIdentityConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitIdentityFilter")
    FilterRegistrationBean<ContextKitIdentityFilter> contextKitIdentityFilter(
        ObjectProvider<IdentityResolver<Authentication>> resolver) {
      IdentityResolver<Authentication> unique = resolver.getIfUnique();
      Function<HttpServletRequest, Identity> identities =
          unique == null ? request -> Identity.anonymous() : new SecurityIdentities(unique);
      // Only our resolver's authorities are known; an application's own resolver decides itself.
      return identityFilter(
          identities,
          unique instanceof AuthenticationIdentityResolver ours
              ? ours.traceAuthorities()
              : List.of());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(SECURITY_CONTEXT_HOLDER)
  static class AnonymousIdentityConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitIdentityFilter")
    FilterRegistrationBean<ContextKitIdentityFilter> contextKitIdentityFilter() {
      // Without an authentication framework nobody holds the TRACE permission: untrusted TRACE
      // requests get 403, trusted hops still work.
      return identityFilter(request -> Identity.anonymous(), List.of());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({
    TomcatServletWebServerFactory.class,
    org.apache.catalina.valves.ValveBase.class
  })
  static class TomcatValveConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitTomcatCustomizer")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> contextKitTomcatCustomizer(
        InboundRequests requests) {
      return factory -> factory.addContextValves(new ContextKitTomcatValve(requests));
    }
  }
}
