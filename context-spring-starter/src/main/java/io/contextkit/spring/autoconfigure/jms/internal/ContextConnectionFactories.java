package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.spring.autoconfigure.internal.Proxies;
import io.contextkit.trust.MessagingDestinations;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a JMS {@link ConnectionFactory} so that every message sent through a {@link
 * MessageProducer} of its connections carries the sending thread's {@link RequestContext}, as the
 * destination allows ({@link MessagingDestinations}). This covers {@code JmsTemplate}, {@code
 * JmsClient}, {@code JmsMessagingTemplate} and the replies listener containers send for
 * {@code @JmsListener} methods (spring-framework#33221), whatever API built the message.
 *
 * <p>The wrappers are JDK proxies implementing every interface of the object they wrap (so a {@code
 * CachingConnectionFactory} stays a {@code DisposableBean} and a {@code Lifecycle}, a cached
 * session stays a {@code SessionProxy}); only connection, session and producer creation and the
 * producer's {@code send}/{@code publish} methods are intercepted, everything else is passed
 * through. The JMS 2.0 simplified API ({@code JMSContext}) is not wrapped.
 */
public final class ContextConnectionFactories {

  private static final Log LOG = LogFactory.getLog(ContextConnectionFactories.class);

  private ContextConnectionFactories() {}

  /** Whether {@code connectionFactory} is already one of our wrappers. */
  public static boolean isWrapped(Object connectionFactory) {
    return Proxies.isProxyOf(connectionFactory, Handler.class);
  }

  /** The factory a wrapper delegates to, or {@code connectionFactory} itself. */
  public static ConnectionFactory unwrap(ConnectionFactory connectionFactory) {
    Handler handler = Proxies.handlerOf(connectionFactory, Handler.class);
    return handler == null ? connectionFactory : (ConnectionFactory) handler.target();
  }

  /**
   * Wraps {@code connectionFactory}; returns it unchanged when it is already wrapped.
   *
   * @param propagator writes the context, resolved on first send
   * @param destinations decides full context or the third-party policy, resolved on first send
   */
  public static ConnectionFactory wrap(
      ConnectionFactory connectionFactory,
      Supplier<ContextPropagator> propagator,
      Supplier<MessagingDestinations> destinations) {
    if (isWrapped(connectionFactory)) {
      return connectionFactory;
    }
    return (ConnectionFactory) proxy(connectionFactory, new Settings(propagator, destinations));
  }

  /**
   * A proxy of {@code target} with all its public interfaces; {@code target} itself when no proxy
   * can be made (an interface invisible from its class loader): sending then works as before, only
   * without the context, and a warning says so.
   */
  private static Object proxy(Object target, Settings settings) {
    try {
      return Proxies.create(target, new Handler(target, settings));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Cannot wrap "
              + target.getClass().getName()
              + " to carry the request context on JMS sends; its messages go out without it",
          e);
      return target;
    }
  }

  /** Resolves the collaborators once, on first use. */
  private static final class Settings {
    private final Supplier<ContextPropagator> propagatorSupplier;
    private final Supplier<MessagingDestinations> destinationsSupplier;
    private volatile @Nullable ContextPropagator propagator;
    private volatile @Nullable MessagingDestinations destinations;

    Settings(Supplier<ContextPropagator> propagator, Supplier<MessagingDestinations> destinations) {
      this.propagatorSupplier = propagator;
      this.destinationsSupplier = destinations;
    }

    ContextPropagator propagator() {
      ContextPropagator p = propagator;
      if (p == null) {
        p = propagatorSupplier.get();
        propagator = p;
      }
      return p;
    }

    MessagingDestinations destinations() {
      MessagingDestinations d = destinations;
      if (d == null) {
        d = destinationsSupplier.get();
        destinations = d;
      }
      return d;
    }
  }

  private static final class Handler extends Proxies.ForwardingHandler {
    private final Settings settings;

    Handler(Object target, Settings settings) {
      super(target, "ContextKit");
      this.settings = settings;
    }

    @Override
    protected @Nullable Object intercept(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      if (target() instanceof MessageProducer producer
          && (name.equals("send") || name.equals("publish"))
          && args != null) {
        Destination destination = inject(producer, args);
        // The runtime dependency map: every send, timed, a failed one as an error.
        String destinationName = JmsDestinations.name(destination);
        long start = System.nanoTime();
        boolean failed = true;
        try {
          Object sent = forward(method, args);
          failed = false;
          return sent;
        } finally {
          ContextKit.dependencies()
              .edge(
                  DependencyKind.JMS_DESTINATION,
                  DependencyDirection.PRODUCED,
                  destinationName == null ? "unknown" : destinationName)
              .record(System.nanoTime() - start, failed, RequestContext.current().isTrace());
        }
      }
      Object result = forward(method, args);
      if (result instanceof Connection
          || result instanceof Session
          || result instanceof MessageProducer) {
        // Connections, sessions and producers created from a wrapper are wrapped in turn.
        return proxy(result, settings);
      }
      return result;
    }

    /** Writes the context onto the message being sent; returns the destination it goes to. */
    private @Nullable Destination inject(MessageProducer producer, Object[] args) {
      RequestContext context = RequestContext.current();
      Destination destination = null;
      Message message = null;
      for (Object arg : args) {
        if (arg instanceof Message m && message == null) {
          message = m;
        } else if (arg instanceof Destination d && destination == null) {
          destination = d;
        }
      }
      if (destination == null) {
        try {
          destination = producer.getDestination();
        } catch (JMSException | RuntimeException e) {
          destination = null;
        }
      }
      if (message == null || context.isEmpty()) {
        return destination;
      }
      ContextPropagator propagator = settings.propagator();
      propagator.injectMessage(
          context,
          message,
          JmsPropertyHeaders.INSTANCE,
          settings.destinations().outboundPolicy(JmsDestinations.name(destination), propagator));
      return destination;
    }
  }
}
