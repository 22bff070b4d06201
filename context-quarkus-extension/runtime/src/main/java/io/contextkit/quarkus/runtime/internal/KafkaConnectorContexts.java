package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.trust.MessagingDestinations;
import io.contextkit.trust.OutboundPolicy;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * Kafka channels ({@code smallrye-kafka}): the context travels in record headers of the message's
 * {@link OutgoingKafkaRecordMetadata}; a STANDARD record carries the whole context only to a topic
 * of {@code quarkus.contextkit.messaging.internal-destinations}, else what {@code
 * quarkus.contextkit.trust.third-party-policy} allows (as on Spring); a record's sender is the peer
 * {@code kafka:<topic>}.
 */
@Singleton
public final class KafkaConnectorContexts implements ConnectorContexts {

  private final KafkaContexts contexts;
  private final MessagingDestinations destinations;
  private final ContextPropagator propagator;

  /** The connector's contexts (public for ContextKit's configuration parity test). */
  @Inject
  public KafkaConnectorContexts(
      KafkaContexts contexts, MessagingDestinations destinations, ContextPropagator propagator) {
    this.contexts = contexts;
    this.destinations = destinations;
    this.propagator = propagator;
  }

  @Override
  public String connector() {
    return "smallrye-kafka";
  }

  @Override
  public String system() {
    return "kafka";
  }

  @Override
  public String destinationAttribute() {
    return "topic";
  }

  @Override
  public @Nullable String destinationOf(Message<?> message) {
    Optional<OutgoingKafkaRecordMetadata> metadata =
        message.getMetadata(OutgoingKafkaRecordMetadata.class);
    return metadata.isPresent() ? metadata.get().getTopic() : null;
  }

  @Override
  public OutboundPolicy standardPolicy(String destination) {
    return destinations.outboundPolicy(destination, propagator);
  }

  @Override
  public Message<?> inject(Message<?> message, RequestContext context, OutboundPolicy policy) {
    Optional<OutgoingKafkaRecordMetadata> existing =
        message.getMetadata(OutgoingKafkaRecordMetadata.class);
    RecordHeaders headers = new RecordHeaders();
    OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<Object> builder =
        OutgoingKafkaRecordMetadata.builder();
    if (existing.isPresent()) {
      OutgoingKafkaRecordMetadata<?> metadata = existing.get();
      // The application's metadata may hold read-only headers: copy them, then add ours.
      if (metadata.getHeaders() != null) {
        for (Header header : metadata.getHeaders()) {
          headers.add(header);
        }
      }
      builder
          .withTopic(metadata.getTopic())
          .withKey(metadata.getKey())
          .withPartition(metadata.getPartition())
          .withTimestamp(metadata.getTimestamp());
    }
    contexts.inject(context, headers, policy);
    return message.addMetadata(builder.withHeaders(headers).build());
  }

  @Override
  public @Nullable Consumed extract(Message<?> message) {
    Optional<IncomingKafkaRecordMetadata> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class);
    if (record.isEmpty()) {
      return null;
    }
    IncomingKafkaRecordMetadata<?, ?> metadata = record.get();
    return new Consumed(
        contexts.extractInbound(metadata.getHeaders(), metadata.getTopic()),
        metadata.getTopic(),
        KafkaContexts.PEER_PREFIX + metadata.getTopic());
  }
}
