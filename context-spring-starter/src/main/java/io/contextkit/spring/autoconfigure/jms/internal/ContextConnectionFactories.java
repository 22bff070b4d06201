package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.messaging.MessagingDestinations;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

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
    return Proxy.isProxyClass(connectionFactory.getClass())
        && Proxy.getInvocationHandler(connectionFactory) instanceof Handler;
  }

  /** The factory a wrapper delegates to, or {@code connectionFactory} itself. */
  public static ConnectionFactory unwrap(ConnectionFactory connectionFactory) {
    if (isWrapped(connectionFactory)) {
      return (ConnectionFactory) ((Handler) Proxy.getInvocationHandler(connectionFactory)).target;
    }
    return connectionFactory;
  }

  /**
   * Wraps {@code connectionFactory}; returns it unchanged when it is already wrapped.
   *
   * @param propagator writes the context, resolved on first send
   * @param destinations decides full context or traceparent only, resolved on first send
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
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> type : ClassUtils.getAllInterfacesAsSet(target)) {
      if (Modifier.isPublic(type.getModifiers())) {
        interfaces.add(type);
      }
    }
    try {
      return Proxy.newProxyInstance(
          target.getClass().getClassLoader(),
          interfaces.toArray(new Class<?>[0]),
          new Handler(target, settings));
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

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Settings settings;

    Handler(Object target, Settings settings) {
      this.target = target;
      this.settings = settings;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        switch (name) {
          case "equals":
            return args != null && args[0] == proxy;
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "ContextKit[" + target + "]";
          default:
            break;
        }
      }
      if (target instanceof MessageProducer producer
          && (name.equals("send") || name.equals("publish"))
          && args != null) {
        inject(producer, args);
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getTargetException();
      }
      if (result instanceof Connection
          || result instanceof Session
          || result instanceof MessageProducer) {
        // Connections, sessions and producers created from a wrapper are wrapped in turn.
        return proxy(result, settings);
      }
      return result;
    }

    private void inject(MessageProducer producer, Object[] args) {
      RequestContext context = RequestContext.current();
      if (context.isEmpty()) {
        return;
      }
      Destination destination = null;
      Message message = null;
      for (Object arg : args) {
        if (arg instanceof Message m && message == null) {
          message = m;
        } else if (arg instanceof Destination d && destination == null) {
          destination = d;
        }
      }
      if (message == null) {
        return;
      }
      if (destination == null) {
        try {
          destination = producer.getDestination();
        } catch (JMSException | RuntimeException e) {
          destination = null;
        }
      }
      ContextPropagator propagator = settings.propagator();
      propagator.inject(
          context,
          message,
          JmsPropertyHeaders.INSTANCE,
          settings.destinations().outboundPolicy(JmsDestinations.name(destination), propagator));
    }
  }
}
