package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.messaging.ResolvedOnce;
import io.contextkit.trust.MessagingDestinations;
import java.util.Collection;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wires the context into Rabbit beans, however they were declared: every {@link RabbitTemplate}
 * gets a {@link ContextPublishPostProcessor}; every listener container factory gets a {@link
 * ContextListenerAdvice} at the head of its advice chain (outside the retry interceptors). Never
 * wraps twice; skips scoped-proxy targets.
 */
public final class AmqpContextPostProcessor implements BeanPostProcessor {

  private final Supplier<ContextPropagator> propagator;
  private final Supplier<MessagingDestinations> destinations;

  /**
   * @param propagator the application's propagator, resolved lazily
   * @param destinations the messaging trust boundary, resolved lazily
   */
  public AmqpContextPostProcessor(
      Supplier<ContextPropagator> propagator, Supplier<MessagingDestinations> destinations) {
    this.propagator = ResolvedOnce.of(propagator);
    this.destinations = ResolvedOnce.of(destinations);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (beanName.startsWith("scopedTarget.")) {
      return bean;
    }
    if (bean instanceof RabbitTemplate template) {
      Collection<MessagePostProcessor> existing = template.getBeforePublishPostProcessors();
      if (existing == null || !containsOurs(existing)) {
        template.addBeforePublishPostProcessors(
            new ContextPublishPostProcessor(propagator, destinations));
      }
    } else if (bean instanceof BaseRabbitListenerContainerFactory<?> factory) {
      Advice[] chain = factory.getAdviceChain();
      if (chain == null || chain.length == 0 || !(chain[0] instanceof ContextListenerAdvice)) {
        int length = chain == null ? 0 : chain.length;
        Advice[] withOurs = new Advice[length + 1];
        withOurs[0] = new ContextListenerAdvice(propagator);
        if (chain != null) {
          System.arraycopy(chain, 0, withOurs, 1, length);
        }
        factory.setAdviceChain(withOurs);
      }
    }
    return bean;
  }

  private static boolean containsOurs(Collection<MessagePostProcessor> processors) {
    for (MessagePostProcessor processor : processors) {
      if (processor instanceof ContextPublishPostProcessor) {
        return true;
      }
    }
    return false;
  }
}
