package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.internal.JmsPropertyNames;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.MessagingDestinations;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import io.smallrye.reactive.messaging.jms.IncomingJmsMessageMetadata;
import io.smallrye.reactive.messaging.jms.JmsProperties;
import io.smallrye.reactive.messaging.jms.JmsPropertiesBuilder;
import io.smallrye.reactive.messaging.jms.OutgoingJmsMessageMetadata;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.Enumeration;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * JMS channels ({@code smallrye-jms}, SmallRye's JMS connector over the application's {@code
 * ConnectionFactory} bean): the context travels in JMS message properties ({@link
 * OutgoingJmsMessageMetadata}), named as on Spring — JMS property names are Java identifiers, so
 * {@code x-request-id} is {@code x_request_id} and {@code contextkit-signature} is {@code
 * contextkit_signature}; a STANDARD message carries the whole context only to a destination of
 * {@code quarkus.contextkit.messaging.internal-destinations}, else what {@code
 * quarkus.contextkit.trust.third-party-policy} allows (as on Spring); a message's sender is the
 * peer {@code jms:<destination>}.
 */
@Singleton
public final class JmsConnectorContexts implements ConnectorContexts {

  /** The prefix of the peer name a message's sender is known by. */
  public static final String PEER_PREFIX = "jms:";

  private final ContextPropagator propagator;
  private final MessagingDestinations destinations;

  @Inject
  JmsConnectorContexts(ContextPropagator propagator, MessagingDestinations destinations) {
    this.propagator = propagator;
    this.destinations = destinations;
  }

  @Override
  public String connector() {
    return "smallrye-jms";
  }

  @Override
  public String system() {
    return "jms";
  }

  @Override
  public String destinationAttribute() {
    return "destination";
  }

  @Override
  public @Nullable String destinationOf(Message<?> message) {
    Optional<OutgoingJmsMessageMetadata> metadata =
        message.getMetadata(OutgoingJmsMessageMetadata.class);
    return metadata.isPresent() ? nameOf(metadata.get().getDestination()) : null;
  }

  @Override
  public OutboundPolicy standardPolicy(String destination) {
    return destinations.outboundPolicy(destination, propagator);
  }

  @Override
  public Message<?> inject(Message<?> message, RequestContext context, OutboundPolicy policy) {
    Optional<OutgoingJmsMessageMetadata> existing =
        message.getMetadata(OutgoingJmsMessageMetadata.class);
    JmsPropertiesBuilder properties = JmsProperties.builder();
    OutgoingJmsMessageMetadata.OutgoingJmsMessageMetadataBuilder builder =
        OutgoingJmsMessageMetadata.builder();
    if (existing.isPresent()) {
      OutgoingJmsMessageMetadata metadata = existing.get();
      JmsProperties own = metadata.getProperties();
      if (own != null) {
        Enumeration<String> names = own.getPropertyNames();
        while (names.hasMoreElements()) {
          String name = names.nextElement();
          properties.with(name, own.getObjectProperty(name));
        }
      }
      builder
          .withCorrelationId(metadata.getCorrelationId())
          .withReplyTo(metadata.getReplyTo())
          .withDestination(metadata.getDestination())
          .withDeliveryMode(metadata.getDeliveryMode())
          .withType(metadata.getType());
    }
    propagator.injectMessage(context, properties, SETTER, policy);
    return message.addMetadata(builder.withProperties(properties.build()).build());
  }

  @Override
  public @Nullable Consumed extract(Message<?> message) {
    Optional<IncomingJmsMessageMetadata> metadata =
        message.getMetadata(IncomingJmsMessageMetadata.class);
    if (metadata.isEmpty()) {
      return null;
    }
    String destination = nameOf(metadata.get().getDestination());
    String name = destination == null ? "" : destination;
    String peer = PEER_PREFIX + name;
    return new Consumed(
        propagator.extractMessage(metadata.get(), GETTER, InboundPeer.ofName(peer)), name, peer);
  }

  private static @Nullable String nameOf(@Nullable Destination destination) {
    try {
      if (destination instanceof Queue) {
        return ((Queue) destination).getQueueName();
      }
      if (destination instanceof Topic) {
        return ((Topic) destination).getTopicName();
      }
    } catch (JMSException e) {
      // A destination that cannot name itself: the channel's destination applies.
    }
    return null;
  }

  private static final HeaderGetter<JmsProperties> GETTER =
      (carrier, name) -> {
        String property = JmsPropertyNames.of(name);
        try {
          if (carrier.propertyExists(property)) {
            Object value = carrier.getObjectProperty(property);
            return value instanceof String ? (String) value : null;
          }
          Enumeration<String> names = carrier.getPropertyNames();
          while (names.hasMoreElements()) {
            String other = names.nextElement();
            if (other.equalsIgnoreCase(property)) {
              Object value = carrier.getObjectProperty(other);
              return value instanceof String ? (String) value : null;
            }
          }
        } catch (RuntimeException e) {
          // An unreadable property reads as absent.
        }
        return null;
      };

  private static final HeaderSetter<JmsPropertiesBuilder> SETTER =
      (carrier, name, value) -> carrier.with(JmsPropertyNames.of(name), value);
}
