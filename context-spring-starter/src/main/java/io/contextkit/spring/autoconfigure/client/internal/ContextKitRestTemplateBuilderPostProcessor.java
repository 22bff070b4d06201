package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextPropagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.restclient.RestTemplateBuilder;

/**
 * Adds the ContextKit interceptor to {@code RestTemplateBuilder} beans an application declares
 * itself ({@code new RestTemplateBuilder()}), which Boot's customizers do not reach
 * (spring-boot#33912).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitRestTemplateBuilderPostProcessor implements BeanPostProcessor {

  private final ContextKitClientHttpRequestInterceptor interceptor;

  public ContextKitRestTemplateBuilderPostProcessor(ObjectProvider<ContextPropagator> propagator) {
    this.interceptor = new ContextKitClientHttpRequestInterceptor(propagator::getObject);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof RestTemplateBuilder builder) {
      return builder.additionalCustomizers(
          restTemplate ->
              ContextKitClientHttpRequestInterceptor.addOnce(
                  restTemplate.getInterceptors(), interceptor));
    }
    return bean;
  }
}
