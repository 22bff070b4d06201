package io.contextkit.quarkus.runtime.internal;

import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.PublisherDecorator;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Gives every message consumed from a Kafka channel the context carried by its record's headers: as
 * {@link KafkaRecordContextMetadata} on the message and in the message's Vert.x duplicated context,
 * where {@link IncomingContextInterceptor} opens the scope around the {@code @Incoming} method and
 * {@link LogRecordContext} finds it for log records. Batches are left alone: their records are
 * opened one by one with {@link io.contextkit.quarkus.runtime.KafkaRecordContext}. A record asking
 * for TRACE from an untrusted sender, or naming {@code request_type} ambiguously, is skipped, never
 * run as STANDARD.
 */
@ApplicationScoped
public class KafkaIncomingDecorator implements PublisherDecorator {

  /** The duplicated-context local holding the consumed record's context. */
  static final String RECORD_CONTEXT_KEY = "io.contextkit.kafka-record-context";

  private final KafkaContexts contexts;

  @Inject
  KafkaIncomingDecorator(KafkaContexts contexts) {
    this.contexts = contexts;
  }

  @Override
  public Multi<? extends Message<?>> decorate(
      Multi<? extends Message<?>> publisher, List<String> channelName, boolean isConnector) {
    if (!isConnector) {
      return publisher;
    }
    return publisher.map(this::attach).filter(KafkaIncomingDecorator::isRunnable);
  }

  /**
   * A record asking for TRACE that the consumer cannot honour — an untrusted sender (the topic is
   * not a trusted peer and the context is not signed) or a malformed {@code request_type} — is
   * acknowledged and skipped: run as STANDARD it could persist what its sender meant as a dry run.
   */
  private static boolean isRunnable(Message<?> message) {
    Optional<RefusedTrace> refused = message.getMetadata(RefusedTrace.class);
    if (refused.isEmpty()) {
      return true;
    }
    KafkaContexts.logSkipped(refused.get().topic(), refused.get().inbound());
    message.ack();
    return false;
  }

  private Message<?> attach(Message<?> message) {
    Optional<IncomingKafkaRecordMetadata> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class);
    if (record.isEmpty()) {
      return message;
    }
    IncomingKafkaRecordMetadata<?, ?> metadata = record.get();
    InboundContext inbound = contexts.extractInbound(metadata.getHeaders(), metadata.getTopic());
    if (KafkaContexts.refuses(inbound)) {
      return message.addMetadata(new RefusedTrace(metadata.getTopic(), inbound));
    }
    RequestContext context = inbound.context();
    Optional<LocalContextMetadata> local = message.getMetadata(LocalContextMetadata.class);
    if (local.isPresent() && local.get().context() != null) {
      // The message's own duplicated context: what runs for this record finds it there.
      local.get().context().putLocal(ServerContextFilters.CONTEXT_KEY, context);
      local.get().context().putLocal(RECORD_CONTEXT_KEY, context);
    }
    return message.addMetadata(new KafkaRecordContextMetadata(context));
  }

  /** Marks a consumed message whose TRACE ask was refused. */
  private record RefusedTrace(String topic, InboundContext inbound) {}
}
