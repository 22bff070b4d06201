package io.contextkit.spring.autoconfigure.internal;

import io.contextkit.internal.ExclusiveBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Keeps every {@link ContextPropagators} bean off baggage ({@link ExclusiveBaggagePropagator}).
 * Spring Boot's tracing auto-configuration builds its OpenTelemetry SDK and Micrometer Tracing's
 * propagator from that one bean, so the tracer's inbound and outbound propagation both pass through
 * the wrapper; with W3C trace context only (no baggage propagator) nothing changes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ExclusiveBaggagePostProcessor implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    return bean instanceof ContextPropagators propagators
        ? ExclusiveBaggagePropagator.wrap(propagators)
        : bean;
  }
}
