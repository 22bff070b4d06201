package io.contextkit.spring.autoconfigure.webflux;

import io.contextkit.ContextPropagator;
import io.contextkit.Identity;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spi.IdentityResolver;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.security.AuthenticationIdentityResolver;
import io.contextkit.spring.autoconfigure.security.ContextKitSecurityAutoConfiguration;
import io.contextkit.spring.autoconfigure.security.internal.ReactiveSecurityIdentities;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitExceptionHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitHttpHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitIdentityWebFilter;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitWebFilter;
import io.contextkit.spring.autoconfigure.webflux.internal.ObservedServerSpans;
import io.contextkit.spring.autoconfigure.webflux.internal.ReactiveServerSpans;
import io.contextkit.spring.autoconfigure.webflux.internal.RequestContextAccessorRegistration;
import io.micrometer.context.ContextRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Auto-configuration of the inbound context for reactive web applications (WebFlux).
 *
 * <ul>
 *   <li>{@code contextKitHttpHandlerDecorator}, an {@link HttpHandlerDecoratorFactory} that
 *       Spring's {@code WebHttpHandlerBuilder} applies around the whole server: extracts the
 *       request's context (peer = the remote address) once, behind the entry barrier, and puts it
 *       into the Reactor context of everything, so that even what Spring logs outside the filters
 *       and exception handlers (with automatic context propagation) carries the request's ids.
 *   <li>{@code contextKitExceptionHandlers}, a {@code WebHttpHandlerBuilderCustomizer} that runs
 *       every {@code WebExceptionHandler} with the context the filters left on the exchange (the
 *       authenticated caller, the span's trace): the handlers run outside the filter chain.
 *   <li>{@code contextKitWebFilter}, a {@link WebFilter} at {@link #WEB_FILTER_ORDER}: answers the
 *       request id header ({@code contextkit.request-id-header}), refuses a malformed {@code
 *       request_type} with 400, and writes the {@code RequestContext} into the Reactor context of
 *       the rest of the chain under {@link #REACTOR_CONTEXT_KEY}.
 *   <li>{@code contextKitIdentityWebFilter}, at {@link #IDENTITY_FILTER_ORDER} (after Spring
 *       Security's {@code WebFilterChainProxy}): applies the authenticated caller's identity —
 *       {@code ReactiveSecurityContextHolder}'s {@code Authentication}, else the exchange's
 *       principal, through the same {@code IdentityResolver<Authentication>} as servlet
 *       applications — and refuses an untrusted TRACE ask with 403 unless the caller holds the
 *       TRACE permission ({@code contextkit.trace.permission}). Without Spring Security every
 *       caller is anonymous, so only trusted hops may send TRACE requests.
 *   <li>makes sure Micrometer's global {@code ContextRegistry} holds ContextKit's {@link
 *       RequestContextThreadLocalAccessor}, whose key is the same: with automatic context
 *       propagation ({@code spring.reactor.context-propagation=auto}) handler code and log lines
 *       then see the context through {@code RequestContext.current()} and the MDC. Once the
 *       application's singletons exist, that accessor is moved behind every other one, so that a
 *       tracer's observation (Micrometer Tracing's OpenTelemetry bridge restores the span's whole
 *       OpenTelemetry context, with the request context of the moment the span started) cannot
 *       overwrite the request's current context.
 * </ul>
 *
 * <p>With Micrometer Tracing, the entry filter makes the context take the trace id, span id and
 * flags of the server span that Spring's observation started for the exchange, and both filters
 * write the context's fields as attributes of that span, as the servlet side does.
 */
@AutoConfiguration(
    after = {ContextKitAutoConfiguration.class, ContextKitSecurityAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({WebFilter.class, Mono.class})
@ConditionalOnBean(ContextPropagator.class)
@ConditionalOnBooleanProperty(name = "contextkit.web.enabled", matchIfMissing = true)
public final class ContextKitWebFluxAutoConfiguration {

  private static final String TRACING_OBSERVATION_HANDLER =
      "io.micrometer.tracing.handler.TracingObservationHandler";

  private static final String REACTIVE_SECURITY_CONTEXT_HOLDER =
      "org.springframework.security.core.context.ReactiveSecurityContextHolder";

  /**
   * The Reactor context key holding the request's {@code RequestContext} downstream of the filter;
   * read it with {@code Mono.deferContextual(ctx -> ... ctx.get(REACTOR_CONTEXT_KEY))}. Equal to
   * {@link RequestContextThreadLocalAccessor#KEY}, so Micrometer context propagation restores the
   * thread-local view from the same entry.
   */
  public static final String REACTOR_CONTEXT_KEY = RequestContextThreadLocalAccessor.KEY;

  /** Order of the inbound web filter: first of all. */
  public static final int WEB_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

  /**
   * Order of the identity filter: just after Spring Security's {@code WebFilterChainProxy} (order
   * -100; an application that moves it later must move this filter too).
   */
  public static final int IDENTITY_FILTER_ORDER = -100 + 10;

  // Outermost of all decorators: the ones inside (the TRACE response hold) read the extracted
  // context from the Reactor context it sets up.
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  @ConditionalOnMissingBean(name = "contextKitHttpHandlerDecorator")
  HttpHandlerDecoratorFactory contextKitHttpHandlerDecorator(ContextPropagator propagator) {
    return ContextKitHttpHandler.decorator(propagator);
  }

  @Bean
  @ConditionalOnMissingBean(name = "contextKitWebFilter")
  WebFilter contextKitWebFilter(
      ContextPropagator propagator, ContextKitProperties properties, ResourceLoader loader) {
    return new ContextKitWebFilter(
        propagator, properties.getRequestIdHeader(), serverSpans(loader));
  }

  /** The tracer's server spans: Micrometer Tracing's when it is on the class path. */
  static ReactiveServerSpans serverSpans(ResourceLoader loader) {
    return ClassUtils.isPresent(TRACING_OBSERVATION_HANDLER, loader.getClassLoader())
        ? new ObservedServerSpans()
        : ReactiveServerSpans.NONE;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(WebHttpHandlerBuilderCustomizer.class)
  static class ExceptionHandlerConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitExceptionHandlers")
    WebHttpHandlerBuilderCustomizer contextKitExceptionHandlers() {
      return builder -> builder.exceptionHandlers(ContextKitExceptionHandler::wrapAll);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = REACTIVE_SECURITY_CONTEXT_HOLDER)
  static class SecurityIdentityConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitIdentityWebFilter")
    ContextKitIdentityWebFilter contextKitIdentityWebFilter(
        ObjectProvider<IdentityResolver<Authentication>> resolver, ResourceLoader loader) {
      IdentityResolver<Authentication> unique = resolver.getIfUnique();
      return new ContextKitIdentityWebFilter(
          unique == null ? exchange -> Mono.empty() : new ReactiveSecurityIdentities(unique),
          IDENTITY_FILTER_ORDER,
          serverSpans(loader),
          // Only our resolver's authorities are known; an application's own resolver decides.
          unique instanceof AuthenticationIdentityResolver ours
              ? ours.traceAuthorities()
              : List.of());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(REACTIVE_SECURITY_CONTEXT_HOLDER)
  static class AnonymousIdentityConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitIdentityWebFilter")
    ContextKitIdentityWebFilter contextKitIdentityWebFilter(ResourceLoader loader) {
      // Without an authentication framework nobody holds the TRACE permission: untrusted TRACE
      // requests get 403, trusted hops still work.
      return new ContextKitIdentityWebFilter(
          exchange -> Mono.<Identity>empty(), IDENTITY_FILTER_ORDER, serverSpans(loader));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ContextRegistry.class)
  static class ContextPropagationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestContextAccessorRegistration contextKitRequestContextAccessorRegistration() {
      return new RequestContextAccessorRegistration(ContextRegistry.getInstance());
    }
  }
}
