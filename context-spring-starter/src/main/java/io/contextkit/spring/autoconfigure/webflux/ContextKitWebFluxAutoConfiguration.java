package io.contextkit.spring.autoconfigure.webflux;

import io.contextkit.ContextPropagator;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitWebFilter;
import io.contextkit.spring.autoconfigure.webflux.internal.RequestContextAccessorRegistration;
import io.micrometer.context.ContextRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Auto-configuration of the inbound context for reactive web applications (WebFlux).
 *
 * <ul>
 *   <li>{@code contextKitWebFilter}, a {@link WebFilter} at {@link #WEB_FILTER_ORDER}: extracts the
 *       request's context (peer = the remote address), answers the request id header ({@code
 *       contextkit.request-id-header}), refuses a malformed {@code request_type} with 400 and an
 *       untrusted TRACE request with 403, and writes the {@code RequestContext} into the Reactor
 *       context of the rest of the chain under {@link #REACTOR_CONTEXT_KEY}.
 *   <li>makes sure Micrometer's global {@code ContextRegistry} holds ContextKit's {@link
 *       RequestContextThreadLocalAccessor}, whose key is the same: with automatic context
 *       propagation ({@code spring.reactor.context-propagation=auto}) handler code then sees the
 *       context through {@code RequestContext.current()}.
 * </ul>
 *
 * <p>Not in this version: the authenticated caller's identity (Spring Security reactive) is not
 * applied, so no TRACE request from an untrusted hop is accepted.
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({WebFilter.class, Mono.class})
@ConditionalOnBean(ContextPropagator.class)
@ConditionalOnBooleanProperty(name = "contextkit.web.enabled", matchIfMissing = true)
public final class ContextKitWebFluxAutoConfiguration {

  /**
   * The Reactor context key holding the request's {@code RequestContext} downstream of the filter;
   * read it with {@code Mono.deferContextual(ctx -> ... ctx.get(REACTOR_CONTEXT_KEY))}. Equal to
   * {@link RequestContextThreadLocalAccessor#KEY}, so Micrometer context propagation restores the
   * thread-local view from the same entry.
   */
  public static final String REACTOR_CONTEXT_KEY = RequestContextThreadLocalAccessor.KEY;

  /** Order of the inbound web filter: first of all. */
  public static final int WEB_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

  @Bean
  @ConditionalOnMissingBean(name = "contextKitWebFilter")
  WebFilter contextKitWebFilter(ContextPropagator propagator, ContextKitProperties properties) {
    return new ContextKitWebFilter(propagator, properties.getRequestIdHeader());
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
