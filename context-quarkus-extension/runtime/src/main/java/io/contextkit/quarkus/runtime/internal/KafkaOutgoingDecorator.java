package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.MessageTraceGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes the context onto every message sent to a Kafka channel, as record headers in its {@link
 * OutgoingKafkaRecordMetadata} (headers the application set are kept; ours replace same-named
 * ones).
 *
 * <p>Which context: the one a consumed message carried ({@link KafkaRecordContextMetadata}, so a
 * processor forwards its input's context), else the context current where the message enters the
 * channel's stream — for an {@code Emitter} the thread calling {@code send} — else the request
 * context of the Vert.x duplicated context that thread runs in. A message with none gets no
 * headers.
 *
 * <p>Under TRACE a message to a topic outside {@code
 * quarkus.contextkit.messaging.internal-destinations} is captured, never sent; one to an internal
 * topic is sent with the whole context, so its consumer runs as TRACE.
 */
@ApplicationScoped
public class KafkaOutgoingDecorator implements SubscriberDecorator {

  private static final String KAFKA_CONNECTOR = "smallrye-kafka";

  private final KafkaContexts contexts;
  private final MessageTraceGuard guard;

  @Inject
  KafkaOutgoingDecorator(KafkaContexts contexts, MessageTraceGuard guard) {
    this.contexts = contexts;
    this.guard = guard;
  }

  @Override
  public Multi<? extends Message<?>> decorate(
      Multi<? extends Message<?>> toBeSubscribed, List<String> channelName, boolean isConnector) {
    if (!isConnector || !isKafka(channelName)) {
      return toBeSubscribed;
    }
    String channelTopic = topicOf(channelName);
    return toBeSubscribed
        .filter(message -> isPublished(message, channelTopic))
        .map(this::withContext);
  }

  /**
   * The TRACE messaging guard: a message of a TRACE context to a topic outside {@code
   * quarkus.contextkit.messaging.internal-destinations} is captured — acknowledged (so the
   * emitter's {@code send} completes) and reported, but never handed to the connector.
   */
  private boolean isPublished(Message<?> message, String channelTopic) {
    RequestContext context = contextOf(message);
    if (!context.isTrace()) {
      return true;
    }
    String topic = channelTopic;
    Optional<OutgoingKafkaRecordMetadata> metadata =
        message.getMetadata(OutgoingKafkaRecordMetadata.class);
    if (metadata.isPresent() && metadata.get().getTopic() != null) {
      topic = metadata.get().getTopic();
    }
    if (guard.decide(context, topic) == MessageTraceGuard.Action.CAPTURE) {
      message.ack();
      return false;
    }
    return true;
  }

  private Message<?> withContext(Message<?> message) {
    RequestContext context = contextOf(message);
    if (context.isEmpty()) {
      return message;
    }
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
    if (context.isTrace()) {
      // Only messages to internal topics get here under TRACE: they carry the whole context,
      // request_type=TRACE included, whatever kafka.outbound-policy says, so the consumer runs as
      // TRACE.
      contexts.injectFull(context, headers);
    } else {
      contexts.inject(context, headers);
    }
    return message.addMetadata(builder.withHeaders(headers).build());
  }

  private static RequestContext contextOf(Message<?> message) {
    Optional<KafkaRecordContextMetadata> consumed =
        message.getMetadata(KafkaRecordContextMetadata.class);
    if (consumed.isPresent()) {
      return consumed.get().context();
    }
    return RequestContexts.current();
  }

  private static String topicOf(List<String> channels) {
    Config config = ConfigProvider.getConfig();
    for (String channel : channels) {
      Optional<String> topic =
          config.getOptionalValue("mp.messaging.outgoing." + channel + ".topic", String.class);
      if (topic.isPresent()) {
        return topic.get();
      }
    }
    return channels.isEmpty() ? "" : channels.get(0);
  }

  private static boolean isKafka(List<String> channels) {
    Config config = ConfigProvider.getConfig();
    for (String channel : channels) {
      Optional<String> connector =
          config.getOptionalValue("mp.messaging.outgoing." + channel + ".connector", String.class);
      if (connector.isPresent() && KAFKA_CONNECTOR.equals(connector.get())) {
        return true;
      }
    }
    return false;
  }
}
