package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.OutboundTraceGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds the {@link TraceExchangeFilterFunction} (once) to every {@code WebClient.Builder} bean,
 * including builders an application declares itself, and to every {@code WebClient} bean (a {@code
 * WebClient} is immutable, so the bean becomes a mutated copy with the filter).
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceWebClientPostProcessor implements BeanPostProcessor {

  private final TraceExchangeFilterFunction filter;

  public TraceWebClientPostProcessor(ObjectProvider<OutboundTraceGuard> guard) {
    this.filter = new TraceExchangeFilterFunction(guard::getObject);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof WebClient.Builder builder) {
      builder.filters(filters -> TraceExchangeFilterFunction.addOnce(filters, filter));
      return bean;
    }
    if (bean instanceof WebClient client) {
      boolean[] present = {false};
      WebClient.Builder copy =
          client
              .mutate()
              .filters(
                  filters -> {
                    int before = filters.size();
                    TraceExchangeFilterFunction.addOnce(filters, filter);
                    present[0] = filters.size() == before;
                  });
      return present[0] ? client : copy.build();
    }
    return bean;
  }
}
