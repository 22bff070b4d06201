package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.spring.autoconfigure.messaging.InboundMessages;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
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
 * method's return value becomes, sent before {@code onMessage} returns — runs in that context. When
 * the listener throws, the message's context is handed to {@link ContextJmsErrorHandler}. The scope
 * of a TRACE message ends with its report ({@link TraceReports#publishConsumed}), once per message,
 * after the listener returned or threw.
 */
public final class ContextMessageListener implements SessionAwareMessageListener<Message> {

  private static final ThreadLocal<@Nullable InboundContext> FAILED = new ThreadLocal<>();

  private final Object delegate;
  private final ContextPropagator propagator;
  private final @Nullable String listenerId;

  /**
   * @param delegate the container's listener, a {@link MessageListener} or a {@link
   *     SessionAwareMessageListener}
   * @param propagator extracts the context from the message properties
   */
  public ContextMessageListener(Object delegate, ContextPropagator propagator) {
    this(delegate, propagator, null);
  }

  /**
   * @param delegate the container's listener, a {@link MessageListener} or a {@link
   *     SessionAwareMessageListener}
   * @param propagator extracts the context from the message properties
   * @param listenerId the listener's id (or container bean name), named in TRACE reports
   */
  public ContextMessageListener(
      Object delegate, ContextPropagator propagator, @Nullable String listenerId) {
    if (!(delegate instanceof MessageListener)
        && !(delegate instanceof SessionAwareMessageListener)) {
      throw new IllegalArgumentException("Not a JMS message listener: " + delegate);
    }
    this.delegate = delegate;
    this.propagator = propagator;
    this.listenerId = listenerId;
  }

  /**
   * Takes (and forgets) the context of the message whose listener just failed on this thread, for
   * the container's error handler, which runs after {@code onMessage} returned.
   */
  static @Nullable InboundContext takeFailed() {
    InboundContext failed = FAILED.get();
    if (failed != null) {
      FAILED.remove();
    }
    return failed;
  }

  /** The wrapped listener. */
  public Object delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings({"unchecked", "try"}) // the scope is held for its effect
  public void onMessage(Message message, @Nullable Session session) throws JMSException {
    FAILED.remove();
    InboundContext inbound =
        InboundMessages.enter(propagator, message, JmsPropertyHeaders.INSTANCE);
    String destination = destinationName(message);
    if (InboundMessages.refuses(inbound, "JMS", destination)) {
      return;
    }
    long start = System.nanoTime();
    boolean failed = true;
    try (ContextScope scope = inbound.context().makeCurrent()) {
      try {
        if (delegate instanceof SessionAwareMessageListener<?> aware && session != null) {
          ((SessionAwareMessageListener<Message>) aware).onMessage(message, session);
        } else {
          ((MessageListener) delegate).onMessage(message);
        }
        failed = false;
      } finally {
        ContextKit.dependencies()
            .edge(DependencyKind.JMS_DESTINATION, DependencyDirection.CONSUMED, destination)
            .record(System.nanoTime() - start, failed, inbound.context().isTrace());
        TraceReports.publishConsumed(inbound.context(), "jms", destination, listenerId);
      }
    } catch (JMSException | RuntimeException | Error e) {
      FAILED.set(inbound);
      throw e;
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
