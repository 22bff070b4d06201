package io.contextkit.spring.autoconfigure.amqp;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.amqp.internal.AmqpContextPostProcessor;
import io.contextkit.spring.autoconfigure.amqp.internal.RabbitListenerContainersWrapper;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.spring.autoconfigure.messaging.ResolvedOnce;
import io.contextkit.trust.MessagingDestinations;
import org.springframework.amqp.rabbit.config.RabbitListenerConfigUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Carries the request context through spring-rabbit: every message published through a {@code
 * RabbitTemplate} bean carries the sending thread's context as headers (full for {@code
 * contextkit.messaging.internal-destinations}, matched against the exchange or, for the default
 * exchange, the queue; the third-party policy, {@code traceparent} and {@code tracestate} by
 * default, elsewhere); every listener of a container factory bean runs each message in the
 * message's context, retries and recoverers included; batch listeners get per-message contexts
 * through {@link ContextKitRabbit#forEachMessage}.
 *
 * <p>On when spring-rabbit is present, unless {@code contextkit.messaging.amqp.enabled=false}.
 */
// By name: spring-boot-amqp is optional (spring-rabbit alone is enough for this integration).
@AutoConfiguration(
    after = ContextKitMessagingAutoConfiguration.class,
    afterName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RabbitTemplate.class)
@ConditionalOnBooleanProperty(name = "contextkit.messaging.amqp.enabled", matchIfMissing = true)
public final class ContextKitAmqpAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  static AmqpContextPostProcessor contextKitAmqpPostProcessor(
      ObjectProvider<ContextPropagator> propagator,
      ObjectProvider<MessagingDestinations> destinations) {
    return new AmqpContextPostProcessor(
        () -> propagator.getIfAvailable(ContextPropagator::defaults),
        () -> destinations.getIfAvailable(MessagingDestinations::none));
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(
      name = RabbitListenerConfigUtils.RABBIT_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
      value = RabbitListenerEndpointRegistry.class)
  RabbitListenerContainersWrapper contextKitRabbitListenerContainersWrapper(
      RabbitListenerEndpointRegistry registry, ObjectProvider<ContextPropagator> propagator) {
    return new RabbitListenerContainersWrapper(
        registry, ResolvedOnce.of(() -> propagator.getIfAvailable(ContextPropagator::defaults)));
  }
}
