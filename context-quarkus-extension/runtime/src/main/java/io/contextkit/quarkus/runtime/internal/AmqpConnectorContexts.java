package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.MessagingDestinations;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * AMQP 1.0 channels ({@code smallrye-amqp}, quarkus-messaging-amqp): the context travels in the
 * message's application properties ({@link OutgoingAmqpMetadata}); a STANDARD message carries the
 * whole context only to an address of {@code quarkus.contextkit.messaging.internal-destinations},
 * else what {@code quarkus.contextkit.trust.third-party-policy} allows (as on Spring); a message's
 * sender is the peer {@code amqp:<address>}.
 */
@Singleton
public final class AmqpConnectorContexts implements ConnectorContexts {

  /** The prefix of the peer name a message's sender is known by. */
  public static final String PEER_PREFIX = "amqp:";

  private final ContextPropagator propagator;
  private final MessagingDestinations destinations;

  @Inject
  AmqpConnectorContexts(ContextPropagator propagator, MessagingDestinations destinations) {
    this.propagator = propagator;
    this.destinations = destinations;
  }

  @Override
  public String connector() {
    return "smallrye-amqp";
  }

  @Override
  public String system() {
    return "amqp";
  }

  @Override
  public String destinationAttribute() {
    return "address";
  }

  @Override
  public @Nullable String destinationOf(Message<?> message) {
    Optional<OutgoingAmqpMetadata> metadata = message.getMetadata(OutgoingAmqpMetadata.class);
    return metadata.isPresent() ? metadata.get().getAddress() : null;
  }

  @Override
  public OutboundPolicy standardPolicy(String destination) {
    return destinations.outboundPolicy(destination, propagator);
  }

  @Override
  public Message<?> inject(Message<?> message, RequestContext context, OutboundPolicy policy) {
    Optional<OutgoingAmqpMetadata> existing = message.getMetadata(OutgoingAmqpMetadata.class);
    // A copy: the application's metadata (and its properties map) stay as they were.
    JsonObject properties =
        existing.isPresent() ? existing.get().getProperties().copy() : new JsonObject();
    propagator.injectMessage(context, properties, SETTER, policy);
    OutgoingAmqpMetadata.OutgoingAmqpMetadataBuilder builder =
        existing.isPresent()
            ? OutgoingAmqpMetadata.from(existing.get())
            : OutgoingAmqpMetadata.builder();
    return message.addMetadata(builder.withApplicationProperties(properties).build());
  }

  @Override
  public @Nullable Consumed extract(Message<?> message) {
    Optional<IncomingAmqpMetadata> metadata = message.getMetadata(IncomingAmqpMetadata.class);
    if (metadata.isEmpty()) {
      return null;
    }
    String address = metadata.get().getAddress() == null ? "" : metadata.get().getAddress();
    String peer = PEER_PREFIX + address;
    JsonObject properties = metadata.get().getProperties();
    return new Consumed(
        propagator.extractMessage(
            properties == null ? new JsonObject() : properties, GETTER, InboundPeer.ofName(peer)),
        address,
        peer);
  }

  // Property names are case-sensitive in AMQP: the lowercase names we write are found at once;
  // another spelling is still read, as the header contract asks.
  private static final HeaderGetter<JsonObject> GETTER =
      (carrier, name) -> {
        Object value = carrier.getValue(name);
        if (value == null) {
          for (Map.Entry<String, Object> entry : carrier) {
            if (entry.getKey().equalsIgnoreCase(name)) {
              value = entry.getValue();
              break;
            }
          }
        }
        return value instanceof String ? (String) value : null;
      };

  private static final HeaderSetter<JsonObject> SETTER = JsonObject::put;
}
