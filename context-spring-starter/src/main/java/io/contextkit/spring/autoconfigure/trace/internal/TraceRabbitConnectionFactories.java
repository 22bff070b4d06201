package io.contextkit.spring.autoconfigure.trace.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.internal.Proxies;
import io.contextkit.trust.OutboundPolicy;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Address;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.core.InfrastructureProxy;

/**
 * Wraps a Spring AMQP {@link ConnectionFactory} so that every {@code basicPublish} on a channel it
 * hands out obeys the {@link MessageTraceGuard} under a TRACE request. The destination matched
 * against {@code contextkit.messaging.internal-destinations} is the exchange or, for the default
 * exchange (which routes by queue name), the routing key — the same rule the context headers
 * follow.
 *
 * <ul>
 *   <li>captured: {@code basicPublish} is not called; when the channel is in publisher-confirm mode
 *       the pending confirm {@code RabbitTemplate} registered for it is acknowledged at once, so a
 *       {@code CorrelationData} future completes (ack) instead of waiting for a confirm that will
 *       never come;
 *   <li>forwarded: the message properties get the full context ({@code request_type=TRACE} in the
 *       baggage, signed), replacing earlier values of those headers, so the consumer runs as TRACE
 *       even when the context integration is switched off.
 * </ul>
 *
 * <p>Why the channel: {@code RabbitTemplate} funnels every send (all {@code send}/{@code
 * convertAndSend} overloads, {@code invoke}, {@code execute}, {@code RabbitMessagingTemplate} on
 * top) into {@code basicPublish} on a channel of its connection factory, and offers no hook that
 * may drop a message (a before-publish post-processor can only change it). The wrapper is a JDK
 * proxy with every public interface of the factory (and of each connection and channel) plus {@link
 * InfrastructureProxy}, so transaction synchronisation still keys resources by the real factory.
 *
 * <p>Every publish is also counted in the runtime dependency map ({@code RABBIT_EXCHANGE},
 * produced): timed, a failed one as an error, a captured TRACE one as a synthetic call.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceRabbitConnectionFactories {

  private TraceRabbitConnectionFactories() {}

  /** Whether {@code connectionFactory} is one of our TRACE wrappers. */
  public static boolean isWrapped(Object connectionFactory) {
    return Proxies.isProxyOf(connectionFactory, Handler.class);
  }

  /**
   * Wraps {@code connectionFactory}; returns it unchanged when it is already wrapped.
   *
   * @param guard decides per message, resolved on first TRACE publish
   * @param propagator writes the context onto forwarded messages, resolved on first use
   */
  public static ConnectionFactory wrap(
      ConnectionFactory connectionFactory,
      Supplier<MessageTraceGuard> guard,
      Supplier<ContextPropagator> propagator) {
    Objects.requireNonNull(connectionFactory, "connectionFactory");
    if (isWrapped(connectionFactory)) {
      return connectionFactory;
    }
    return (ConnectionFactory)
        proxy(connectionFactory, new Handler(connectionFactory, guard, propagator, null), true);
  }

  /**
   * Guards the publishes on {@code channel} (the channel a listener container hands its listener,
   * on which a {@code @RabbitListener} method's reply is published); returns it unchanged when it
   * is already guarded. A publish to {@code replyTo} — the reply address of the message being
   * handled — is the answer to a request from this deployment (a TRACE message is trusted only when
   * signed), so under TRACE it is sent as TRACE, like a publish to an internal destination, and the
   * requester gets its answer.
   */
  public static Channel guard(
      Channel channel,
      Supplier<MessageTraceGuard> guard,
      Supplier<ContextPropagator> propagator,
      @Nullable Address replyTo) {
    Objects.requireNonNull(channel, "channel");
    if (Proxies.isProxyOf(channel, Handler.class)) {
      return channel;
    }
    return (Channel) proxy(channel, new Handler(channel, guard, propagator, replyTo), false);
  }

  private static Object proxy(Object target, Handler handler, boolean infrastructure) {
    try {
      return infrastructure
          ? Proxies.create(target, handler, InfrastructureProxy.class)
          : Proxies.create(target, handler);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot wrap "
              + target.getClass().getName()
              + " to guard the AMQP publishes of TRACE requests, which would then reach the broker",
          e);
    }
  }

  private static final class Handler extends Proxies.ForwardingHandler {
    private final Supplier<MessageTraceGuard> guard;
    private final Supplier<ContextPropagator> propagator;
    private final @Nullable Address replyTo;

    Handler(
        Object target,
        Supplier<MessageTraceGuard> guard,
        Supplier<ContextPropagator> propagator,
        @Nullable Address replyTo) {
      super(target, "ContextKitTrace");
      this.guard = guard;
      this.propagator = propagator;
      this.replyTo = replyTo;
    }

    @Override
    protected @Nullable Object intercept(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      Object target = target();
      if (method.getDeclaringClass() == InfrastructureProxy.class) {
        return target;
      }
      if (target instanceof Channel channel
          && name.equals("basicPublish")
          && args != null
          && args.length >= 4) {
        return publish(channel, method, args);
      }
      Object result = forward(method, args);
      if (result instanceof ConnectionFactory && result != target) {
        // The publisher connection factory RabbitTemplate may send through.
        return proxy(result, new Handler(result, guard, propagator, null), true);
      }
      if (result instanceof Connection || result instanceof Channel) {
        return proxy(result, new Handler(result, guard, propagator, null), false);
      }
      return result;
    }

    /**
     * One publish: guarded, then counted in the runtime dependency map on the exchange (the queue
     * for the default exchange) — timed, a failed publish as an error, a captured TRACE publish as
     * a synthetic call.
     */
    private @Nullable Object publish(Channel channel, Method method, Object[] args)
        throws Throwable {
      String exchange = (String) args[0];
      String routingKey = (String) args[1];
      String destination = exchange == null || exchange.isEmpty() ? routingKey : exchange;
      DependencyEdge edge =
          ContextKit.dependencies()
              .edge(
                  DependencyKind.RABBIT_EXCHANGE,
                  DependencyDirection.PRODUCED,
                  destination == null ? "" : destination);
      if (!guardPublish(channel, args)) {
        edge.recordSynthetic();
        return null;
      }
      long start = System.nanoTime();
      boolean failed = true;
      try {
        Object result = forward(method, args);
        failed = false;
        return result;
      } finally {
        edge.record(System.nanoTime() - start, failed, RequestContext.current().isTrace());
      }
    }

    /** Applies the guard to one publish; whether it goes ahead (args may be replaced). */
    private boolean guardPublish(Channel channel, Object[] args) throws Exception {
      RequestContext context = RequestContext.current();
      if (!context.isTrace()) {
        return true;
      }
      String exchange = (String) args[0];
      String routingKey = (String) args[1];
      String destination = exchange == null || exchange.isEmpty() ? routingKey : exchange;
      MessageTraceGuard.Action action;
      if (replyTo != null
          && replyTo.getExchangeName().equals(exchange == null ? "" : exchange)
          && replyTo.getRoutingKey().equals(routingKey)) {
        context
            .sideEffects()
            .record(
                new SideEffect(
                    SideEffect.Kind.MESSAGE,
                    destination == null ? "" : destination,
                    "reply to the requester, as TRACE"));
        action = MessageTraceGuard.Action.FORWARD_AS_TRACE;
      } else {
        action = guard.get().decide(context, destination == null ? "" : destination);
      }
      switch (action) {
        case CAPTURE:
          acknowledgePendingConfirm(channel);
          return false;
        case FORWARD_AS_TRACE:
          int index = args.length - 2;
          AMQP.BasicProperties properties = (AMQP.BasicProperties) args[index];
          Map<String, Object> headers = new HashMap<>();
          if (properties != null && properties.getHeaders() != null) {
            headers.putAll(properties.getHeaders());
          }
          propagator.get().injectMessage(context, headers, Map::put, OutboundPolicy.FULL);
          AMQP.BasicProperties.Builder builder =
              properties == null ? new AMQP.BasicProperties.Builder() : properties.builder();
          args[index] = builder.headers(headers).build();
          return true;
        case PROCEED:
        default:
          return true;
      }
    }

    /**
     * {@code RabbitTemplate} registered a pending confirm under the channel's next sequence number
     * before publishing; the broker would have acknowledged it. Nothing is published, so the
     * sequence number stays free for the next real publish.
     */
    private static void acknowledgePendingConfirm(Channel channel) throws Exception {
      // The sequence number is 0 unless the channel is in confirm mode.
      if (channel instanceof ChannelProxy proxy
          && proxy.getTargetChannel() instanceof ConfirmListener listener) {
        long sequence = channel.getNextPublishSeqNo();
        if (sequence > 0) {
          listener.handleAck(sequence, false);
        }
      }
    }
  }
}
