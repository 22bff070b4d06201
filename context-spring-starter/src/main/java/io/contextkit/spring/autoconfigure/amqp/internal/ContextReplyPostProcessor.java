package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.trust.OutboundPolicy;
import java.util.function.Supplier;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessagePostProcessor;

/**
 * Writes the listener's context onto the reply a {@code @RabbitListener} method's return value
 * becomes. The reply goes back to whoever sent the request, and Spring AMQP does not tell the
 * post-processor the reply address, so the request's trust decides: a request with a valid context
 * signature came from this deployment and gets the full context back; any other requester gets the
 * third-party policy ({@code traceparent} and {@code tracestate} by default).
 */
public final class ContextReplyPostProcessor implements MessagePostProcessor {

  private final Supplier<ContextPropagator> propagator;

  /**
   * @param propagator writes the headers
   */
  public ContextReplyPostProcessor(Supplier<ContextPropagator> propagator) {
    this.propagator = propagator;
  }

  @Override
  public Message postProcessMessage(Message message) {
    RequestContext context = RequestContext.current();
    if (context.isEmpty()) {
      return message;
    }
    ContextPropagator resolved = propagator.get();
    InboundContext request = ContextListenerAdvice.handling();
    OutboundPolicy policy =
        request != null && request.trust().accepted()
            ? OutboundPolicy.FULL
            : resolved.trustPolicy().thirdPartyPolicy();
    resolved.injectMessage(
        context, message.getMessageProperties(), AmqpHeaderAccess.INSTANCE, policy);
    return message;
  }
}
