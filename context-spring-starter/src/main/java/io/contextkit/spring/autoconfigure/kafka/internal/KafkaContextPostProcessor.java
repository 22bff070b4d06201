package io.contextkit.spring.autoconfigure.kafka.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.trust.MessagingDestinations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Wires the context into every Kafka bean, however it was declared (Boot's or the user's):
 *
 * <ul>
 *   <li>each {@link DefaultKafkaProducerFactory}: adds {@link ContextProducerInterceptor} to {@code
 *       interceptor.classes} (keeping the user's interceptors), so every {@code KafkaTemplate}
 *       built on it — and every raw producer it creates — writes the context;
 *   <li>each {@link AbstractKafkaListenerContainerFactory}: wraps its record and batch interceptors
 *       in ours, which run first and keep the user's inside the record's scope.
 * </ul>
 *
 * <p>Never wraps twice. The collaborators are looked up on first use, so registering this
 * post-processor early does not initialise them early.
 */
public final class KafkaContextPostProcessor implements BeanPostProcessor {

  private final Supplier<ContextPropagator> propagator;
  private final Supplier<MessagingDestinations> destinations;

  /**
   * @param propagator the application's propagator, resolved lazily
   * @param destinations the messaging trust boundary, resolved lazily
   */
  public KafkaContextPostProcessor(
      Supplier<ContextPropagator> propagator, Supplier<MessagingDestinations> destinations) {
    this.propagator = propagator;
    this.destinations = destinations;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DefaultKafkaProducerFactory<?, ?> factory) {
      addProducerInterceptor(factory);
    } else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
      wrapInterceptors((AbstractKafkaListenerContainerFactory<?, Object, Object>) factory);
    }
    return bean;
  }

  private void addProducerInterceptor(DefaultKafkaProducerFactory<?, ?> factory) {
    Object configured =
        factory.getConfigurationProperties().get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
    List<Object> classes = interceptorList(configured);
    if (classes.contains(ContextProducerInterceptor.class)
        || classes.contains(ContextProducerInterceptor.class.getName())) {
      return;
    }
    classes.add(ContextProducerInterceptor.class);
    Map<String, Object> updates = new HashMap<>();
    updates.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, classes);
    updates.put(
        ContextProducerInterceptor.CONFIG_KEY,
        new ContextProducerInterceptor.Outbound(propagator.get(), destinations.get()));
    factory.updateConfigs(updates);
  }

  private static List<Object> interceptorList(@org.jspecify.annotations.Nullable Object value) {
    List<Object> list = new ArrayList<>();
    if (value instanceof String names) {
      for (String name : names.split(",")) {
        if (!name.isBlank()) {
          list.add(name.trim());
        }
      }
    } else if (value instanceof Collection<?> collection) {
      list.addAll(collection);
    } else if (value instanceof Class<?> type) {
      list.add(type);
    }
    return list;
  }

  private void wrapInterceptors(AbstractKafkaListenerContainerFactory<?, Object, Object> factory) {
    RecordInterceptor<Object, Object> record = factory.getRecordInterceptor();
    if (!(record instanceof ContextRecordInterceptor)) {
      factory.setRecordInterceptor(new ContextRecordInterceptor(propagator.get(), record));
    }
    BatchInterceptor<Object, Object> batch = factory.getBatchInterceptor();
    if (!(batch instanceof ContextBatchInterceptor)) {
      factory.setBatchInterceptor(new ContextBatchInterceptor(propagator.get(), batch));
    }
  }
}
