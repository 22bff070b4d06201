package io.contextkit.spring.autoconfigure.kafka;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.kafka.internal.KafkaContextPostProcessor;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.trust.MessagingDestinations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Carries the request context through spring-kafka: every record sent through a producer factory of
 * the application carries the sending thread's context (full for {@code
 * contextkit.messaging.internal-destinations}, the third-party policy elsewhere); every record
 * listener runs each record in the record's context, error handling included; batch listeners get
 * per-record contexts through {@link ContextKitKafka#forEachRecord}.
 *
 * <p>On when spring-kafka is present, unless {@code contextkit.messaging.kafka.enabled=false}.
 */
@AutoConfiguration(after = ContextKitMessagingAutoConfiguration.class)
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = "contextkit.messaging.kafka.enabled", matchIfMissing = true)
public final class ContextKitKafkaAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  static KafkaContextPostProcessor contextKitKafkaPostProcessor(
      ObjectProvider<ContextPropagator> propagator,
      ObjectProvider<MessagingDestinations> destinations) {
    return new KafkaContextPostProcessor(
        () -> propagator.getIfAvailable(ContextPropagator::defaults),
        () -> destinations.getIfAvailable(MessagingDestinations::none));
  }
}
