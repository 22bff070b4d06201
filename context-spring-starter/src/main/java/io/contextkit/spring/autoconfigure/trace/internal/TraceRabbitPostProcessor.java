package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.messaging.ResolvedOnce;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.amqp.rabbit.connection.AbstractRoutingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Points every {@link RabbitTemplate} bean (Boot's or the user's) at a {@linkplain
 * TraceRabbitConnectionFactories#wrap TRACE-guarded view} of its connection factory, so that
 * everything it publishes applies the TRACE messaging guard. The connection factory bean itself is
 * left alone (applications inject it by its concrete type); only the template's view changes. Never
 * wraps twice; skips scoped-proxy targets.
 *
 * <p>A template on a routing connection factory is not wrapped (the template routes by the
 * factory's type): that is logged as a warning naming the bean, since its TRACE publishes would
 * reach the broker.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceRabbitPostProcessor implements BeanPostProcessor {

  private static final Log LOG = LogFactory.getLog(TraceRabbitPostProcessor.class);

  private final Supplier<MessageTraceGuard> guard;
  private final Supplier<ContextPropagator> propagator;

  /**
   * @param guard decides per message, resolved once on first TRACE publish
   * @param propagator writes the context onto forwarded messages, resolved once on first use
   */
  public TraceRabbitPostProcessor(
      Supplier<MessageTraceGuard> guard, Supplier<ContextPropagator> propagator) {
    this.guard = ResolvedOnce.of(guard);
    this.propagator = ResolvedOnce.of(propagator);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof RabbitTemplate template) || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    ConnectionFactory factory = template.getConnectionFactory();
    if (TraceRabbitConnectionFactories.isWrapped(factory)) {
      return bean;
    }
    if (factory instanceof AbstractRoutingConnectionFactory) {
      LOG.warn(
          "RabbitTemplate '"
              + beanName
              + "' uses a routing connection factory, which the TRACE guard cannot wrap: messages"
              + " it publishes under a TRACE request are not captured");
      return bean;
    }
    template.setConnectionFactory(TraceRabbitConnectionFactories.wrap(factory, guard, propagator));
    return bean;
  }
}
