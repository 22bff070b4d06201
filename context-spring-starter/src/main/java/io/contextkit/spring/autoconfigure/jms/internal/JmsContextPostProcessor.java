package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.trust.MessagingDestinations;
import jakarta.jms.ConnectionFactory;
import java.util.function.Supplier;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.util.ErrorHandler;

/**
 * Wires the context into JMS beans, however they were declared:
 *
 * <ul>
 *   <li>every {@link ConnectionFactory} bean is {@linkplain ContextConnectionFactories#wrap
 *       wrapped}, so whatever sends through it — templates, clients, listener replies — carries the
 *       context;
 *   <li>every listener container declared as a bean gets its listener wrapped in a {@link
 *       ContextMessageListener} and its error handling in a {@link ContextJmsErrorHandler}
 *       (containers created for {@code @JmsListener} methods are not beans; {@link
 *       JmsListenerContainersWrapper} covers them).
 * </ul>
 *
 * <p>Skips scoped-proxy targets and never wraps twice.
 */
public final class JmsContextPostProcessor implements BeanPostProcessor {

  private final Supplier<ContextPropagator> propagator;
  private final Supplier<MessagingDestinations> destinations;

  /**
   * @param propagator the application's propagator, resolved lazily
   * @param destinations the messaging trust boundary, resolved lazily
   */
  public JmsContextPostProcessor(
      Supplier<ContextPropagator> propagator, Supplier<MessagingDestinations> destinations) {
    this.propagator = propagator;
    this.destinations = destinations;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (beanName.startsWith("scopedTarget.")) {
      return bean;
    }
    if (bean instanceof ConnectionFactory connectionFactory) {
      return ContextConnectionFactories.wrap(connectionFactory, propagator, destinations);
    }
    if (bean instanceof AbstractMessageListenerContainer container) {
      wrapListener(container, propagator.get(), beanName);
    }
    return bean;
  }

  /**
   * Wraps the container's listener and error handler, unless absent or already wrapped; {@code
   * listenerId} names the listener in the TRACE reports of its messages.
   */
  static void wrapListener(
      AbstractMessageListenerContainer container,
      ContextPropagator propagator,
      @Nullable String listenerId) {
    Object listener = container.getMessageListener();
    if (listener != null && !(listener instanceof ContextMessageListener)) {
      container.setMessageListener(new ContextMessageListener(listener, propagator, listenerId));
    }
    ErrorHandler errorHandler = container.getErrorHandler();
    if (!(errorHandler instanceof ContextJmsErrorHandler)) {
      container.setErrorHandler(
          new ContextJmsErrorHandler(errorHandler, LogFactory.getLog(container.getClass())));
    }
  }
}
