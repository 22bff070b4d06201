package io.contextkit.spring.autoconfigure.trace.channels;

import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceSessionFilter;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceSessionRepositoryPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceWebSessionFilter;
import io.contextkit.spring.autoconfigure.web.ContextKitWebMvcAutoConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.SessionRepository;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.session.WebSessionManager;

/**
 * TRACE guard of HTTP sessions.
 *
 * <ul>
 *   <li>On servlet web applications, {@code contextKitTraceSessionFilter} (order {@link
 *       #SESSION_FILTER_ORDER}: just after Spring Session's {@code SessionRepositoryFilter}, before
 *       Spring Security) hands a TRACE request a session that lives only within the request: the
 *       caller's existing session is readable, every change (attributes, a login's security
 *       context, flash attributes, id changes, invalidation) stays in the request, no session is
 *       created or persisted and no session cookie is set; each is reported as a {@code SESSION}
 *       side effect. The filter implements {@code io.contextkit.noop.TraceGuarded}.
 *   <li>On reactive web applications, {@code contextKitTraceWebSessionFilter} (a {@code WebFilter}
 *       before Spring Security) does the same for {@code WebSession}s: a TRACE exchange sees a
 *       request-local copy of the caller's session, never saved.
 *   <li>With Spring Session, every {@code SessionRepository} / {@code ReactiveSessionRepository}
 *       bean is guarded as a backstop (static post-processor; implements {@code TraceGuarded}):
 *       under a TRACE context {@code save} and {@code deleteById} do not reach the store.
 * </ul>
 *
 * <p>Off with {@code contextkit.trace.session.enabled=false}: sessions are then left unguarded.
 */
@AutoConfiguration(after = ContextKitWebMvcAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.trace.session.enabled", matchIfMissing = true)
public final class ContextKitTraceSessionAutoConfiguration {

  /**
   * Order of the session filter: right after Spring Session's {@code SessionRepositoryFilter}
   * ({@code Integer.MIN_VALUE + 50} by default, {@code spring.session.servlet.filter-order}), so
   * that the application sees the guarded request before Spring Session's; well before Spring
   * Security's filter chain (-100).
   */
  public static final int SESSION_FILTER_ORDER = Integer.MIN_VALUE + 51;

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
  static class ServletConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitTraceSessionFilter")
    FilterRegistrationBean<TraceSessionFilter> contextKitTraceSessionFilter() {
      FilterRegistrationBean<TraceSessionFilter> registration =
          new FilterRegistrationBean<>(new TraceSessionFilter());
      registration.setOrder(SESSION_FILTER_ORDER);
      registration.setDispatcherTypes(
          DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      registration.setName("contextKitTraceSessionFilter");
      return registration;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(WebFilter.class)
  static class ReactiveConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitTraceWebSessionFilter")
    TraceWebSessionFilter contextKitTraceWebSessionFilter(
        ObjectProvider<WebSessionManager> sessionManager) {
      return new TraceWebSessionFilter(sessionManager);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SessionRepository.class)
  static class SpringSessionConfiguration {

    // Static: a post-processor from an instance method would force this configuration early.
    @Bean
    @ConditionalOnMissingBean
    static TraceSessionRepositoryPostProcessor contextKitTraceSessionRepositoryPostProcessor() {
      return new TraceSessionRepositoryPostProcessor();
    }
  }
}
