package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.TraceGuarded;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

/** Classifies Kafka beans for the inventory. Loaded only with spring-kafka or kafka-clients. */
final class KafkaChecks {

  private static final String GUARD = "TRACE records captured (TraceGuardProducer)";

  private KafkaChecks() {}

  static EffectChannel classify(
      String name, @Nullable Object bean, Class<?> type, boolean guardInstalled) {
    if (bean == null) {
      boolean byUs = guardInstalled && !isRawProducer(type);
      return byUs
          ? EffectChannel.guarded(Kind.KAFKA_PRODUCER, name, GUARD + " when created")
          : EffectChannel.unguarded(Kind.KAFKA_PRODUCER, name, "not created yet, not guarded");
    }
    if (isRawProducer(type)) {
      return bean instanceof TraceGuarded
          ? EffectChannel.guarded(Kind.KAFKA_PRODUCER, name, GUARD)
          : EffectChannel.unguarded(Kind.KAFKA_PRODUCER, name, "Kafka Producer not wrapped");
    }
    ProducerFactory<?, ?> factory =
        bean instanceof KafkaTemplate<?, ?> template
            ? template.getProducerFactory()
            : (ProducerFactory<?, ?>) bean;
    return guarded(factory)
        ? EffectChannel.guarded(Kind.KAFKA_PRODUCER, name, GUARD)
        : EffectChannel.unguarded(
            Kind.KAFKA_PRODUCER,
            name,
            (bean instanceof KafkaTemplate<?, ?> ? "its producer factory " : "")
                + "has no TRACE producer post-processor");
  }

  private static boolean isRawProducer(Class<?> type) {
    return !ProducerFactory.class.isAssignableFrom(type)
        && !KafkaTemplate.class.isAssignableFrom(type);
  }

  private static boolean guarded(ProducerFactory<?, ?> factory) {
    for (ProducerPostProcessor<?, ?> processor : factory.getPostProcessors()) {
      if (processor instanceof TraceProducerPostProcessor) {
        return true;
      }
    }
    return false;
  }
}
