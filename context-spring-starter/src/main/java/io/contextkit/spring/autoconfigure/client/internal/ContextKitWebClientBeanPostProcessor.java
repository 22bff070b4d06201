package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextPropagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.WebClient;

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
    if (bean instanceof WebClient.Builder builder) {
      builder.filters(filters -> ContextKitExchangeFilterFunction.addOnce(filters, filter));
      return bean;
    }
    if (bean instanceof WebClient client && !hasOurFilter(client)) {
      return client
          .mutate()
          .filters(filters -> ContextKitExchangeFilterFunction.addOnce(filters, filter))
          .build();
    }
    return bean;
  }

  private static boolean hasOurFilter(WebClient client) {
    boolean[] found = {false};
    client
        .mutate()
        .filters(
            filters -> {
              for (Object existing : filters) {
                found[0] |= existing instanceof ContextKitExchangeFilterFunction;
              }
            });
    return found[0];
  }
}
