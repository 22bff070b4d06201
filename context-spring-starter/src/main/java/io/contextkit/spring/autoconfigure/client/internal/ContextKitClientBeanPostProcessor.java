package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.internal.RestClientInterceptors;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Adds the ContextKit interceptor to every {@code RestTemplate}, {@code RestClient} and {@code
 * RestClient.Builder} bean, however it was built ({@code new RestTemplate()}, {@code
 * RestClient.create()}, {@code RestClient.builder()}) — the clients Boot's customizers never see
 * (spring-boot#42502, #33912). Never adds it twice.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitClientBeanPostProcessor implements BeanPostProcessor {

  private final ContextKitClientHttpRequestInterceptor interceptor;

  public ContextKitClientBeanPostProcessor(ObjectProvider<ContextPropagator> propagator) {
    this.interceptor = new ContextKitClientHttpRequestInterceptor(propagator::getObject);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    // A scoped proxy's target is processed as its own bean; the proxy delegates to it.
    if (ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return RestClientInterceptors.addOnce(
        bean, list -> ContextKitClientHttpRequestInterceptor.addOnce(list, interceptor));
  }
}
