package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.trust.MessagingDestinations;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Correlation;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.core.Ordered;

/**
 * A before-publish post-processor for {@code RabbitTemplate}: writes the sending thread's {@link
 * RequestContext} into the message headers, as the destination allows. The destination is the
 * exchange, or — for the default exchange, which routes by queue name — the routing key. Runs last
 * among the template's post-processors, so that it sees the message as it will be published.
 */
public final class ContextPublishPostProcessor implements MessagePostProcessor, Ordered {

  private final Supplier<ContextPropagator> propagator;
  private final Supplier<MessagingDestinations> destinations;

  /**
   * @param propagator writes the headers
   * @param destinations decides full context or the third-party policy
   */
  public ContextPublishPostProcessor(
      Supplier<ContextPropagator> propagator, Supplier<MessagingDestinations> destinations) {
    this.propagator = propagator;
    this.destinations = destinations;
  }

  @Override
  public Message postProcessMessage(Message message) {
    // No destination known: treated as outside the boundary.
    return inject(message, null);
  }

  @Override
  public Message postProcessMessage(
      Message message,
      @Nullable Correlation correlation,
      @Nullable String exchange,
      @Nullable String routingKey) {
    return inject(message, exchange == null || exchange.isEmpty() ? routingKey : exchange);
  }

  private Message inject(Message message, @Nullable String destination) {
    RequestContext context = RequestContext.current();
    if (!context.isEmpty()) {
      ContextPropagator resolved = propagator.get();
      resolved.injectMessage(
          context,
          message.getMessageProperties(),
          AmqpHeaderAccess.INSTANCE,
          destinations.get().outboundPolicy(destination, resolved));
    }
    return message;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
