package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.trust.OutboundPolicy;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * Writes the context onto every message sent to a channel of a connector ContextKit knows ({@link
 * ConnectorContexts}: Kafka record headers, AMQP application properties, JMS properties; what the
 * application set is kept, ours replace same-named entries).
 *
 * <p>Which context: the one a consumed message carried ({@link ConsumedContextMetadata}, so a
 * processor forwards its input's context), else the context current where the message enters the
 * channel's stream — for an {@code Emitter} the thread calling {@code send} — else the request
 * context of the Vert.x duplicated context that thread runs in. A message with none gets nothing.
 *
 * <p>Under TRACE a message to a destination outside {@code
 * quarkus.contextkit.messaging.internal-destinations} is captured — acknowledged, so the emitter's
 * {@code send} completes, and reported as a {@code MESSAGE} effect, but never handed to the
 * connector; one to an internal destination is sent with the whole context, so its consumer runs as
 * TRACE.
 */
@ApplicationScoped
public class OutgoingContextDecorator implements SubscriberDecorator {

  private final List<ConnectorContexts> connectors;
  private final MessageTraceGuard guard;

  @Inject
  OutgoingContextDecorator(Instance<ConnectorContexts> connectors, MessageTraceGuard guard) {
    List<ConnectorContexts> list = new ArrayList<>();
    for (ConnectorContexts c : connectors) {
      list.add(c);
    }
    this.connectors = List.copyOf(list);
    this.guard = guard;
  }

  @Override
  public Multi<? extends Message<?>> decorate(
      Multi<? extends Message<?>> toBeSubscribed, List<String> channelName, boolean isConnector) {
    if (!isConnector) {
      // An in-memory channel: the @Incoming method consuming it takes the consumed TRACE
      // message's report on (IncomingContextInterceptor).
      return toBeSubscribed;
    }
    ConnectorContexts connector = connectorOf(channelName);
    if (connector == null) {
      // A connector ContextKit does not know: the processor's output leaves here.
      return toBeSubscribed.invoke(ConsumedTrace::outputHandled);
    }
    String channelDestination = destinationOf(channelName, connector);
    return toBeSubscribed
        .filter(message -> isPublished(connector, message, channelDestination))
        .map(message -> withContext(connector, message, channelDestination));
  }

  /**
   * The TRACE messaging guard: a message of a TRACE context to a destination outside {@code
   * quarkus.contextkit.messaging.internal-destinations} is captured — acknowledged and reported,
   * but never handed to the connector.
   */
  private boolean isPublished(
      ConnectorContexts connector, Message<?> message, String channelDestination) {
    RequestContext context = contextOf(message);
    if (!context.isTrace()) {
      return true;
    }
    String destination = destination(connector, message, channelDestination);
    if (guard.decide(context, destination) == MessageTraceGuard.Action.CAPTURE) {
      DependencyEdge edge = edge(connector, DependencyDirection.PRODUCED, destination);
      if (edge != null) {
        edge.recordSynthetic();
      }
      message.ack();
      ConsumedTrace.outputHandled(message);
      return false;
    }
    return true;
  }

  private Message<?> withContext(
      ConnectorContexts connector, Message<?> message, String channelDestination) {
    RequestContext context = contextOf(message);
    recordDependency(connector, destination(connector, message, channelDestination), context);
    if (context.isEmpty()) {
      return message;
    }
    if (!context.isTrace()) {
      return connector.inject(
          message,
          context,
          connector.standardPolicy(destination(connector, message, channelDestination)));
    }
    // Only messages to internal destinations get here under TRACE: they carry the whole context,
    // request_type=TRACE included, so the consumer runs as TRACE.
    Message<?> sent = connector.inject(message, context, OutboundPolicy.FULL);
    ConsumedTrace.outputHandled(message);
    return sent;
  }

  /**
   * Counts a message that goes out in the runtime dependency map; no latency (the send is
   * asynchronous). A TRACE message the guard captured never gets here: {@link #isPublished} counts
   * it as a synthetic call.
   */
  private static void recordDependency(
      ConnectorContexts connector, String destination, RequestContext context) {
    DependencyEdge edge = edge(connector, DependencyDirection.PRODUCED, destination);
    if (edge != null) {
      edge.record(-1, false, context.isTrace());
    }
  }

  /**
   * The edge of {@code destination} of a connector: a Kafka topic, a JMS destination or an AMQP 1.0
   * address; {@code null} for other connectors.
   */
  static @Nullable DependencyEdge edge(
      ConnectorContexts connector, DependencyDirection direction, String destination) {
    String name = connector.connector();
    DependencyKind kind;
    if (name.contains("kafka")) {
      kind = DependencyKind.KAFKA_TOPIC;
    } else if (name.contains("jms")) {
      kind = DependencyKind.JMS_DESTINATION;
    } else if (name.contains("amqp")) {
      kind = DependencyKind.AMQP_ADDRESS;
    } else {
      return null;
    }
    return ContextKit.dependencies().edge(kind, direction, destination);
  }

  private static String destination(
      ConnectorContexts connector, Message<?> message, String channelDestination) {
    String own = connector.destinationOf(message);
    return own == null ? channelDestination : own;
  }

  static RequestContext contextOf(Message<?> message) {
    Optional<ConsumedContextMetadata> consumed = message.getMetadata(ConsumedContextMetadata.class);
    if (consumed.isPresent()) {
      return consumed.get().context();
    }
    return RequestContexts.current();
  }

  private @Nullable ConnectorContexts connectorOf(List<String> channels) {
    Config config = ConfigProvider.getConfig();
    for (String channel : channels) {
      Optional<String> name =
          config.getOptionalValue("mp.messaging.outgoing." + channel + ".connector", String.class);
      if (name.isPresent()) {
        for (ConnectorContexts connector : connectors) {
          if (connector.connector().equals(name.get())) {
            return connector;
          }
        }
      }
    }
    return null;
  }

  private static String destinationOf(List<String> channels, ConnectorContexts connector) {
    Config config = ConfigProvider.getConfig();
    for (String channel : channels) {
      Optional<String> destination =
          config.getOptionalValue(
              "mp.messaging.outgoing." + channel + "." + connector.destinationAttribute(),
              String.class);
      if (destination.isPresent()) {
        return destination.get();
      }
    }
    return channels.isEmpty() ? "" : channels.get(0);
  }
}
