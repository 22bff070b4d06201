package io.contextkit.quarkus.runtime.internal;

import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.trust.OutboundPolicy;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the SmallRye Reactive Messaging connectors ContextKit carries the context
 * through: where a message's headers live (Kafka record headers, AMQP application properties, JMS
 * properties), how its destination is named and what a STANDARD message may carry. {@link
 * OutgoingContextDecorator} and {@link IncomingContextDecorator} do the rest, the same for every
 * connector. One bean per connector, registered only when the application has it.
 */
public interface ConnectorContexts {

  /** The connector name of {@code mp.messaging.*.connector}, e.g. {@code smallrye-kafka}. */
  String connector();

  /**
   * The messaging system as a TRACE report names it ({@code kafka}, {@code jms}, {@code amqp}), the
   * same names as the Spring starter's.
   */
  String system();

  /** The channel attribute naming the destination ({@code topic}, {@code address}...). */
  String destinationAttribute();

  /** The destination a message's own metadata sends it to, or null for the channel's. */
  @Nullable String destinationOf(Message<?> message);

  /** What a STANDARD message to {@code destination} carries. */
  OutboundPolicy standardPolicy(String destination);

  /** {@code message} with {@code context} written onto it, as {@code policy} allows. */
  Message<?> inject(Message<?> message, RequestContext context, OutboundPolicy policy);

  /**
   * The context a consumed message carries, read with the trust policy (the sender is the peer
   * named {@code <prefix>:<destination>}), or null when the message is not one of this connector's.
   */
  @Nullable Consumed extract(Message<?> message);

  /** A consumed message's context and destination. */
  record Consumed(InboundContext inbound, String destination, String peerName) {}
}
