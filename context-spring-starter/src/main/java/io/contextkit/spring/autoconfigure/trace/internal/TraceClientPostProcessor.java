package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuardHttpClient;
import io.contextkit.spring.autoconfigure.internal.RestClientInterceptors;
import java.net.http.HttpClient;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Adds the TRACE guard to every {@code RestTemplate}, {@code RestClient} and {@code
 * RestClient.Builder} bean however it was built, and to every template a {@code
 * RestTemplateBuilder} bean builds (an application's own {@code new RestTemplateBuilder()} bean,
 * which Boot's customizers never reach — spring-boot#33912), and wraps every JDK {@link HttpClient}
 * bean in a {@link TraceGuardHttpClient}. Never twice.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceClientPostProcessor implements BeanPostProcessor {

  private static final boolean REST_CLIENT_PRESENT =
      ClassUtils.isPresent(
          "org.springframework.web.client.RestClient",
          TraceClientPostProcessor.class.getClassLoader());

  private static final boolean REST_TEMPLATE_BUILDER_PRESENT =
      ClassUtils.isPresent(
          "org.springframework.boot.restclient.RestTemplateBuilder",
          TraceClientPostProcessor.class.getClassLoader());

  private final ObjectProvider<OutboundTraceGuard> guard;
  private final TraceClientHttpRequestInterceptor interceptor;

  public TraceClientPostProcessor(ObjectProvider<OutboundTraceGuard> guard) {
    this.guard = guard;
    this.interceptor = new TraceClientHttpRequestInterceptor(guard::getObject);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    if (bean instanceof HttpClient client) {
      return TraceGuardHttpClient.wrap(client, guard.getObject());
    }
    if (!REST_CLIENT_PRESENT) {
      return bean;
    }
    if (REST_TEMPLATE_BUILDER_PRESENT && Builders.isBuilder(bean)) {
      return Builders.guard(bean, interceptor);
    }
    return RestClientInterceptors.addOnce(
        bean, list -> TraceClientHttpRequestInterceptor.addOnce(list, interceptor));
  }

  /** Loaded only with spring-boot-restclient. */
  private static final class Builders {

    static boolean isBuilder(Object bean) {
      return bean instanceof org.springframework.boot.restclient.RestTemplateBuilder;
    }

    static Object guard(Object bean, TraceClientHttpRequestInterceptor interceptor) {
      return ((org.springframework.boot.restclient.RestTemplateBuilder) bean)
          .additionalCustomizers(
              template ->
                  TraceClientHttpRequestInterceptor.addOnce(
                      template.getInterceptors(), interceptor));
    }
  }
}
