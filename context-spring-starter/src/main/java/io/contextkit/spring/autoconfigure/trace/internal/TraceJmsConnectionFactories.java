package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.internal.Proxies;
import io.contextkit.spring.autoconfigure.jms.internal.JmsPropertyHeaders;
import io.contextkit.trust.OutboundPolicy;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a JMS {@link ConnectionFactory} so that every send of a TRACE request obeys the {@link
 * MessageTraceGuard}: a message to a destination outside {@code
 * contextkit.messaging.internal-destinations} is captured (never handed to the provider; the send
 * returns normally and an asynchronous send's {@link CompletionListener} is told it completed), a
 * message to an internal destination is sent with the full context ({@code request_type=TRACE} in
 * its baggage, signed), so that its consumer runs as TRACE. STANDARD sends are untouched.
 *
 * <p>Why the connection factory: it is the one object every spring-jms sending API shares — {@code
 * JmsTemplate}, {@code JmsClient}, {@code JmsMessagingTemplate} and the replies listener containers
 * send for {@code @JmsListener} methods all end in {@link MessageProducer#send} on a producer of a
 * session of a connection of this factory, whatever API built the message. Wrapping a template
 * instead would miss the clients built on the factory and the listener replies (a TRACE consumer's
 * {@code @SendTo} reply to a partner queue would reach the broker).
 *
 * <p>A message to a temporary destination (the reply queue of a request/reply call) is sent as
 * TRACE too: it lives only as long as its requester's connection, so it is the answer to the
 * request, not a durable effect.
 *
 * <p>The JMS 2.0 simplified API is guarded too: a {@link JMSProducer} of a wrapped {@link
 * JMSContext} captures the same way, and forwards a {@link Message} to an internal destination with
 * the context; a body-only send ({@code send(destination, "text")}) to an internal destination
 * under TRACE cannot carry the context without changing the producer's properties for later sends,
 * so it fails ({@link JMSRuntimeException}) and is reported as a violation — never sent unmarked.
 * So does a forward whose message properties are read-only (a received message sent on unchanged).
 *
 * <p>The wrappers are JDK proxies with every public interface of what they wrap; everything but
 * creation of connections, sessions, contexts and producers and the producers' sends passes
 * through.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceJmsConnectionFactories {

  private static final Log LOG = LogFactory.getLog(TraceJmsConnectionFactories.class);

  private TraceJmsConnectionFactories() {}

  /** Whether {@code connectionFactory} is one of our TRACE wrappers. */
  public static boolean isWrapped(Object connectionFactory) {
    return Proxies.isProxyOf(connectionFactory, Handler.class);
  }

  /**
   * Wraps {@code connectionFactory}; returns it unchanged when it is already wrapped.
   *
   * @param guard decides per message, resolved on first TRACE send
   * @param propagator writes the context onto forwarded messages, resolved on first TRACE send
   */
  public static ConnectionFactory wrap(
      ConnectionFactory connectionFactory,
      Supplier<MessageTraceGuard> guard,
      Supplier<ContextPropagator> propagator) {
    Objects.requireNonNull(connectionFactory, "connectionFactory");
    if (isWrapped(connectionFactory)) {
      return connectionFactory;
    }
    return (ConnectionFactory) proxy(connectionFactory, new Settings(guard, propagator));
  }

  private static Object proxy(Object target, Settings settings) {
    try {
      return Proxies.create(target, new Handler(target, settings));
    } catch (IllegalArgumentException e) {
      // Fail loudly: an unguarded factory would let TRACE sends reach the broker.
      throw new IllegalStateException(
          "Cannot wrap "
              + target.getClass().getName()
              + " to guard the JMS sends of TRACE requests, which would then reach the broker",
          e);
    }
  }

  private static final class Settings {
    final Supplier<MessageTraceGuard> guard;
    final Supplier<ContextPropagator> propagator;

    Settings(Supplier<MessageTraceGuard> guard, Supplier<ContextPropagator> propagator) {
      this.guard = guard;
      this.propagator = propagator;
    }
  }

  private static final class Handler extends Proxies.ForwardingHandler {
    private final Settings settings;

    Handler(Object target, Settings settings) {
      super(target, "ContextKitTrace");
      this.settings = settings;
    }

    @Override
    protected @Nullable Object intercept(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      Object target = target();
      if (args != null) {
        if (target instanceof MessageProducer producer
            && (name.equals("send") || name.equals("publish"))) {
          if (!guardClassicSend(producer, args)) {
            return null;
          }
        } else if (target instanceof JMSProducer && name.equals("send")) {
          if (!guardSimplifiedSend((JMSProducer) target, args)) {
            return proxy;
          }
        }
      }
      Object result = forward(method, args);
      if (result instanceof Connection
          || result instanceof Session
          || result instanceof MessageProducer
          || result instanceof JMSContext
          || (result instanceof JMSProducer && result != target)) {
        return proxy(result, settings);
      }
      if (result == target) {
        // Fluent setters (JMSProducer.setProperty...) keep returning the guarded producer.
        return proxy;
      }
      return result;
    }

    /** Applies the guard to a classic-API send; whether the send goes ahead. */
    private boolean guardClassicSend(MessageProducer producer, Object[] args) throws JMSException {
      RequestContext context = RequestContext.current();
      if (!context.isTrace()) {
        return true;
      }
      Destination destination = null;
      Message message = null;
      CompletionListener listener = null;
      for (Object arg : args) {
        if (arg instanceof Message m && message == null) {
          message = m;
        } else if (arg instanceof Destination d && destination == null) {
          destination = d;
        } else if (arg instanceof CompletionListener l) {
          listener = l;
        }
      }
      if (message == null) {
        return true;
      }
      if (destination == null) {
        destination = producer.getDestination();
      }
      String name = destinationName(destination);
      switch (decide(context, destination, name)) {
        case CAPTURE:
          recordCaptured(name);
          if (listener != null) {
            listener.onCompletion(message);
          }
          return false;
        case FORWARD_AS_TRACE:
          if (!markAsTrace(context, message)) {
            context.sideEffects().record(unmarkable(name));
            throw new JMSException(unmarkableMessage(name));
          }
          return true;
        case PROCEED:
        default:
          return true;
      }
    }

    /** A captured send never reaches the broker: a synthetic TRACE call of the destination. */
    private static void recordCaptured(@Nullable String name) {
      ContextKit.dependencies()
          .edge(
              DependencyKind.JMS_DESTINATION,
              DependencyDirection.PRODUCED,
              name == null ? "unknown" : name)
          .recordSynthetic();
    }

    /** Applies the guard to a {@link JMSProducer} send; whether the send goes ahead. */
    private boolean guardSimplifiedSend(JMSProducer producer, Object[] args) {
      RequestContext context = RequestContext.current();
      if (!context.isTrace() || args.length < 2 || !(args[0] instanceof Destination destination)) {
        return true;
      }
      String name = destinationName(destination);
      switch (decide(context, destination, name)) {
        case CAPTURE:
          recordCaptured(name);
          CompletionListener listener = producer.getAsync();
          if (listener != null && args[1] instanceof Message message) {
            listener.onCompletion(message);
          }
          return false;
        case FORWARD_AS_TRACE:
          if (!(args[1] instanceof Message message) || !markAsTrace(context, message)) {
            context.sideEffects().record(unmarkable(name));
            throw new JMSRuntimeException(unmarkableMessage(name));
          }
          return true;
        case PROCEED:
        default:
          return true;
      }
    }

    /**
     * The guard's decision, except for temporary destinations: they live only as long as the
     * connection of the requester that created them (on this deployment's broker), so a message to
     * one is a reply to a request/reply call, never a durable effect — sent as TRACE, so that the
     * requester gets its answer.
     */
    private MessageTraceGuard.Action decide(
        RequestContext context, @Nullable Destination destination, String name) {
      if (destination instanceof TemporaryQueue || destination instanceof TemporaryTopic) {
        context
            .sideEffects()
            .record(
                new SideEffect(
                    SideEffect.Kind.MESSAGE, name, "reply to a temporary destination, as TRACE"));
        return MessageTraceGuard.Action.FORWARD_AS_TRACE;
      }
      return settings.guard.get().decide(context, name);
    }

    /**
     * Writes the full context onto {@code message} and checks it is there: a message whose
     * properties are read-only would otherwise go out unmarked, and its consumer run as STANDARD.
     */
    private boolean markAsTrace(RequestContext context, Message message) {
      boolean[] stuck = {true};
      settings
          .propagator
          .get()
          .injectMessage(
              context,
              message,
              (carrier, name, value) -> {
                JmsPropertyHeaders.INSTANCE.set(carrier, name, value);
                stuck[0] &= value.equals(JmsPropertyHeaders.INSTANCE.get(carrier, name));
              },
              OutboundPolicy.FULL);
      return stuck[0];
    }
  }

  private static SideEffect unmarkable(String destination) {
    return new SideEffect(
        SideEffect.Kind.VIOLATION,
        destination,
        "TRACE message to an internal destination could not carry the context; not sent");
  }

  private static String unmarkableMessage(String destination) {
    return "TRACE request: the message to internal destination '"
        + destination
        + "' cannot carry request_type=TRACE (read-only properties or a body-only JMSProducer"
        + " send), so it was not sent";
  }

  /** The queue or topic name; {@code "unknown"} (never internal) when it cannot be read. */
  static String destinationName(@Nullable Destination destination) {
    try {
      if (destination instanceof Queue queue && queue.getQueueName() != null) {
        return queue.getQueueName();
      }
      if (destination instanceof Topic topic && topic.getTopicName() != null) {
        return topic.getTopicName();
      }
    } catch (JMSException | RuntimeException e) {
      LOG.debug("Cannot read the name of JMS destination " + destination, e);
    }
    return "unknown";
  }
}
