package io.contextkit.spring.autoconfigure.trace.internal;

import com.rabbitmq.client.Channel;
import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Address;
import org.springframework.amqp.core.Message;

/**
 * An advice of a Rabbit listener container's chain that hands the listener a {@linkplain
 * TraceRabbitConnectionFactories#guard guarded view} of its channel: the reply a
 * {@code @RabbitListener} method's return value becomes is published on that channel, not through a
 * {@code RabbitTemplate}, so a TRACE consumer's reply to a partner queue would otherwise reach the
 * broker. Only the listener's view changes: the container acknowledges and consumes on its own
 * reference to the channel.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceListenerChannelAdvice implements MethodInterceptor {

  private final Supplier<MessageTraceGuard> guard;
  private final Supplier<ContextPropagator> propagator;

  /**
   * @param guard decides per message, resolved on first TRACE publish
   * @param propagator writes the context onto forwarded replies, resolved on first use
   */
  public TraceListenerChannelAdvice(
      Supplier<MessageTraceGuard> guard, Supplier<ContextPropagator> propagator) {
    this.guard = guard;
    this.propagator = propagator;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    // The container's ContainerDelegate.invokeListener(Channel channel, Object data).
    Object[] args = invocation.getArguments();
    if (args.length > 0 && args[0] instanceof Channel channel) {
      Address replyTo = null;
      if (args.length > 1 && args[1] instanceof Message message) {
        String address = message.getMessageProperties().getReplyTo();
        if (address != null && !address.isEmpty()) {
          replyTo = new Address(address);
        }
      }
      args[0] = TraceRabbitConnectionFactories.guard(channel, guard, propagator, replyTo);
    }
    return invocation.proceed();
  }
}
