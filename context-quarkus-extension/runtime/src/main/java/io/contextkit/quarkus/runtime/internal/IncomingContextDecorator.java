package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.PublisherDecorator;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Gives every message consumed from a channel of a connector ContextKit knows ({@link
 * ConnectorContexts}) the context it carries: as {@link ConsumedContextMetadata} on the message and
 * in the message's Vert.x duplicated context, where {@link IncomingContextInterceptor} opens the
 * scope around the {@code @Incoming} method and {@link LogRecordContext} finds it for log records.
 * Kafka batches are left alone: their records are opened one by one with {@link
 * io.contextkit.quarkus.runtime.KafkaRecordContext}. A message asking for TRACE from an untrusted
 * sender, or naming {@code request_type} ambiguously, is skipped, never run as STANDARD. A TRACE
 * message also gets its {@link ConsumedTrace}, the report the interceptor publishes when the
 * consumer's unit of work ends.
 */
@ApplicationScoped
public class IncomingContextDecorator implements PublisherDecorator {

  /** The duplicated-context local holding the consumed message's context. */
  static final String RECORD_CONTEXT_KEY = "io.contextkit.consumed-message-context";

  /** The duplicated-context local holding a consumed TRACE message's {@link ConsumedTrace}. */
  static final String CONSUMED_TRACE_KEY = "io.contextkit.consumed-trace";

  private static final Logger LOG = Logger.getLogger(IncomingContextDecorator.class);

  private final List<ConnectorContexts> connectors;

  @Inject
  IncomingContextDecorator(Instance<ConnectorContexts> connectors) {
    List<ConnectorContexts> list = new ArrayList<>();
    for (ConnectorContexts c : connectors) {
      list.add(c);
    }
    this.connectors = List.copyOf(list);
  }

  @Override
  public Multi<? extends Message<?>> decorate(
      Multi<? extends Message<?>> publisher, List<String> channelName, boolean isConnector) {
    if (!isConnector) {
      return publisher;
    }
    String channel = channelName.isEmpty() ? null : channelName.get(0);
    return publisher
        .map(message -> attach(message, channel))
        .filter(IncomingContextDecorator::isRunnable);
  }

  /**
   * A message asking for TRACE that the consumer cannot honour — an untrusted sender (its peer name
   * is not a trusted peer and the context is not signed) or a malformed {@code request_type} — is
   * acknowledged and skipped: run as STANDARD it could persist what its sender meant as a dry run.
   */
  private static boolean isRunnable(Message<?> message) {
    Optional<RefusedTrace> refused = message.getMetadata(RefusedTrace.class);
    if (refused.isEmpty()) {
      return true;
    }
    if (refused.get().activation() == TraceActivation.MALFORMED) {
      LOG.warnf(
          "Skipped a message of %s: its request_type was malformed or ambiguous (exactly one"
              + " baggage entry request_type=TRACE or request_type=STANDARD is accepted)",
          refused.get().destination());
    } else {
      LOG.warnf(
          "Skipped a message of %s: it asks for TRACE (%s) but its sender is not trusted"
              + " (list %s in quarkus.contextkit.trust.trusted-peer-names or sign the context)",
          refused.get().destination(), refused.get().activation(), refused.get().peerName());
    }
    message.ack();
    return false;
  }

  private Message<?> attach(Message<?> message, @Nullable String channel) {
    for (ConnectorContexts connector : connectors) {
      ConnectorContexts.Consumed consumed = connector.extract(message);
      if (consumed != null) {
        recordDependency(connector, consumed);
        return attach(message, consumed, connector.system(), channel);
      }
    }
    return message;
  }

  /**
   * Counts the message in the runtime dependency map when it arrives (no latency: what runs for it
   * is asynchronous): Kafka topics, JMS destinations and AMQP 1.0 addresses.
   */
  private static void recordDependency(
      ConnectorContexts connector, ConnectorContexts.Consumed consumed) {
    DependencyEdge edge =
        OutgoingContextDecorator.edge(
            connector, DependencyDirection.CONSUMED, consumed.destination());
    if (edge != null) {
      edge.record(-1, false, consumed.inbound().context().isTrace());
    }
  }

  private static Message<?> attach(
      Message<?> message,
      ConnectorContexts.Consumed consumed,
      String system,
      @Nullable String channel) {
    TraceActivation activation = consumed.inbound().traceActivation();
    if (activation == TraceActivation.UNTRUSTED || activation == TraceActivation.MALFORMED) {
      return message.addMetadata(
          new RefusedTrace(consumed.destination(), consumed.peerName(), activation));
    }
    RequestContext context = consumed.inbound().context();
    ConsumedTrace trace =
        context.isTrace()
            ? new ConsumedTrace(context, system, consumed.destination(), channel)
            : null;
    Optional<LocalContextMetadata> local = message.getMetadata(LocalContextMetadata.class);
    if (local.isPresent() && local.get().context() != null) {
      // The message's own duplicated context: what runs for this message finds it there.
      local.get().context().putLocal(ServerContextFilters.CONTEXT_KEY, context);
      local.get().context().putLocal(RECORD_CONTEXT_KEY, context);
      if (trace != null) {
        local.get().context().putLocal(CONSUMED_TRACE_KEY, trace);
      }
    }
    return message.addMetadata(new ConsumedContextMetadata(context, trace));
  }

  /** Marks a consumed message whose TRACE ask was refused. */
  private record RefusedTrace(String destination, String peerName, TraceActivation activation) {}
}
