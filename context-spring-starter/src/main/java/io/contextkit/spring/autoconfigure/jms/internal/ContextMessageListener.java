package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.spring.autoconfigure.messaging.InboundMessages;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import org.jspecify.annotations.Nullable;
import org.springframework.jms.listener.SessionAwareMessageListener;

/**
 * Runs a JMS listener in each message's context: the request-entry barrier, then a scope built by
 * {@link ContextPropagator#extract} from the message properties, closed when the listener returns
 * or throws. Everything the listener does inside — including the reply a {@code @JmsListener}
 * method's return value becomes, sent before {@code onMessage} returns — runs in that context.
 */
public final class ContextMessageListener implements SessionAwareMessageListener<Message> {

  private final Object delegate;
  private final ContextPropagator propagator;

  /**
   * @param delegate the container's listener, a {@link MessageListener} or a {@link
   *     SessionAwareMessageListener}
   * @param propagator extracts the context from the message properties
   */
  public ContextMessageListener(Object delegate, ContextPropagator propagator) {
    if (!(delegate instanceof MessageListener)
        && !(delegate instanceof SessionAwareMessageListener)) {
      throw new IllegalArgumentException("Not a JMS message listener: " + delegate);
    }
    this.delegate = delegate;
    this.propagator = propagator;
  }

  /** The wrapped listener. */
  public Object delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings({"unchecked", "try"}) // the scope is held for its effect
  public void onMessage(Message message, @Nullable Session session) throws JMSException {
    InboundContext inbound =
        InboundMessages.enter(propagator, message, JmsPropertyHeaders.INSTANCE);
    if (InboundMessages.refuses(inbound, "JMS", destinationName(message))) {
      return;
    }
    try (ContextScope scope = inbound.context().makeCurrent()) {
      if (delegate instanceof SessionAwareMessageListener<?> aware && session != null) {
        ((SessionAwareMessageListener<Message>) aware).onMessage(message, session);
      } else {
        ((MessageListener) delegate).onMessage(message);
      }
    }
  }

  private static String destinationName(Message message) {
    try {
      Destination destination = message.getJMSDestination();
      String name = JmsDestinations.name(destination);
      return name == null ? String.valueOf(destination) : name;
    } catch (JMSException | RuntimeException e) {
      return "unknown";
    }
  }
}
