package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.internal.WebClientFilters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Adds the {@link ContextKitExchangeFilterFunction} (once) to every {@code WebClient.Builder} bean,
 * including builders an application declares itself instead of using Boot's, and to every {@code
 * WebClient} bean (a {@code WebClient} is immutable, so the bean becomes a mutated copy with the
 * filter; nothing else about it changes).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitWebClientBeanPostProcessor implements BeanPostProcessor {

  private final ContextKitExchangeFilterFunction filter;

  public ContextKitWebClientBeanPostProcessor(ObjectProvider<ContextPropagator> propagator) {
    this.filter = new ContextKitExchangeFilterFunction(propagator::getObject);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    return WebClientFilters.addOnce(
        bean, filters -> ContextKitExchangeFilterFunction.addOnce(filters, filter));
  }
}
