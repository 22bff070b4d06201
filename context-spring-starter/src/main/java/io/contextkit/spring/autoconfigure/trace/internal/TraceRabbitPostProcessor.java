package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.messaging.ResolvedOnce;
import java.util.Arrays;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.AbstractRoutingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Points every {@link RabbitTemplate} bean (Boot's or the user's) at a {@linkplain
 * TraceRabbitConnectionFactories#wrap TRACE-guarded view} of its connection factory, so that
 * everything it publishes applies the TRACE messaging guard. The connection factory bean itself is
 * left alone (applications inject it by its concrete type); only the template's view changes. Every
 * listener container factory bean gets a {@link TraceListenerChannelAdvice} at the end of its
 * advice chain, so the replies of {@code @RabbitListener} methods are guarded too. Never wraps
 * twice; skips scoped-proxy targets.
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
    if (ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    if (bean instanceof BaseRabbitListenerContainerFactory<?> factory) {
      guardListenerChannels(factory);
      return bean;
    }
    if (!(bean instanceof RabbitTemplate template)) {
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

  /** Appends a {@link TraceListenerChannelAdvice} (innermost) unless the chain has one. */
  private void guardListenerChannels(BaseRabbitListenerContainerFactory<?> factory) {
    Advice[] chain = factory.getAdviceChain();
    int length = chain == null ? 0 : chain.length;
    for (int i = 0; i < length; i++) {
      if (chain[i] instanceof TraceListenerChannelAdvice) {
        return;
      }
    }
    Advice[] withOurs = chain == null ? new Advice[1] : Arrays.copyOf(chain, length + 1);
    withOurs[length] = new TraceListenerChannelAdvice(guard, propagator);
    factory.setAdviceChain(withOurs);
  }
}
