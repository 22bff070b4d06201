package io.contextkit.spring.autoconfigure.trace.internal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Adds a {@link TraceProducerPostProcessor} to every spring-kafka {@link ProducerFactory} bean
 * (Boot's or the user's), so every producer it creates afterwards — those behind each {@code
 * KafkaTemplate} included — applies the TRACE messaging guard. Never adds it twice.
 *
 * <p>A factory that does not support producer post-processors (the interface's default methods do
 * nothing) cannot be guarded: that is logged as a warning naming the bean, since its TRACE sends
 * would reach the broker.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceKafkaPostProcessor implements BeanPostProcessor {

  private static final Log LOG = LogFactory.getLog(TraceKafkaPostProcessor.class);

  private final TraceProducerPostProcessor producerPostProcessor;

  /**
   * @param producerPostProcessor the wrapper added to every factory
   */
  public TraceKafkaPostProcessor(TraceProducerPostProcessor producerPostProcessor) {
    this.producerPostProcessor = producerPostProcessor;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ProducerFactory<?, ?> factory) {
      guard((ProducerFactory<Object, Object>) factory, beanName);
    }
    return bean;
  }

  private void guard(ProducerFactory<Object, Object> factory, String beanName) {
    if (isGuarded(factory)) {
      return;
    }
    factory.addPostProcessor(producerPostProcessor);
    if (!isGuarded(factory)) {
      LOG.warn(
          "Kafka producer factory '"
              + beanName
              + "' ("
              + factory.getClass().getName()
              + ") does not accept producer post-processors: records it sends under a TRACE"
              + " request are not captured");
    }
  }

  private static boolean isGuarded(ProducerFactory<Object, Object> factory) {
    for (ProducerPostProcessor<Object, Object> existing : factory.getPostProcessors()) {
      if (existing instanceof TraceProducerPostProcessor) {
        return true;
      }
    }
    return false;
  }
}
