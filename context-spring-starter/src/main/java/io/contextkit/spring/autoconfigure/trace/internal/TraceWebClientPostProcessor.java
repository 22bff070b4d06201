package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.spring.autoconfigure.internal.WebClientFilters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

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
    return WebClientFilters.addOnce(
        bean, filters -> TraceExchangeFilterFunction.addOnce(filters, filter));
  }
}
