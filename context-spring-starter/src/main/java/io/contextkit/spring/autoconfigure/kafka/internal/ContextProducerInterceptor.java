package io.contextkit.spring.autoconfigure.kafka.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.trust.MessagingDestinations;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka {@link ProducerInterceptor} that writes the sending thread's {@link RequestContext} onto
 * every record, as the record's topic allows ({@link MessagingDestinations}).
 *
 * <p>Kafka instantiates it from {@code interceptor.classes}; the propagator and the destination
 * policy reach it through the producer configuration entry {@link #CONFIG_KEY} (set by {@link
 * KafkaContextPostProcessor}). Without that entry it falls back to {@link
 * ContextPropagator#defaults()} and no internal destination: {@code traceparent} and {@code
 * tracestate} only. It never fails a send: a record whose headers are read-only (re-sent) goes out
 * unchanged. Every record sent is counted in the runtime dependency map ({@link
 * ContextKit#dependencies()}), a failed send as an error when Kafka acknowledges it (no latency:
 * the send is asynchronous).
 */
public final class ContextProducerInterceptor implements ProducerInterceptor<Object, Object> {

  /** The producer configuration entry holding the {@link Outbound} settings. */
  public static final String CONFIG_KEY = "contextkit.messaging.kafka.outbound";

  private static final Log LOG = LogFactory.getLog(ContextProducerInterceptor.class);

  private volatile Outbound outbound =
      new Outbound(ContextPropagator.defaults(), MessagingDestinations.none());

  /** Kafka needs a public no-argument constructor. */
  public ContextProducerInterceptor() {}

  @Override
  public void configure(Map<String, ?> configs) {
    Object value = configs.get(CONFIG_KEY);
    if (value instanceof Outbound configured) {
      this.outbound = configured;
    }
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    RequestContext context = RequestContext.current();
    ContextKit.dependencies()
        .edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, record.topic())
        .record(-1, false, context.isTrace());
    if (context.isEmpty()) {
      return record;
    }
    Outbound settings = outbound;
    try {
      settings.propagator.injectMessage(
          context,
          record.headers(),
          KafkaHeaderAccess.INSTANCE,
          settings.destinations.outboundPolicy(record.topic(), settings.propagator));
    } catch (IllegalStateException e) {
      // Headers turn read-only once a record was sent; re-sending the same record keeps its
      // headers.
      LOG.debug("Record headers are read-only; context not written", e);
    }
    return record;
  }

  @Override
  public void onAcknowledgement(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
    if (exception != null && metadata != null) {
      ContextKit.dependencies()
          .edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, metadata.topic())
          .recordError();
    }
  }

  @Override
  public void close() {}

  /**
   * What the interceptor needs, passed through the producer configuration.
   *
   * @param propagator writes the headers
   * @param destinations decides full context or the third-party policy per topic
   */
  public record Outbound(ContextPropagator propagator, MessagingDestinations destinations) {}
}
