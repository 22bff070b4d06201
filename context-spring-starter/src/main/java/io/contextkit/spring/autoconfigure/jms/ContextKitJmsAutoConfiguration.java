package io.contextkit.spring.autoconfigure.jms;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.jms.internal.JmsContextPostProcessor;
import io.contextkit.spring.autoconfigure.jms.internal.JmsListenerContainersWrapper;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.trust.MessagingDestinations;
import jakarta.jms.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.JmsListenerConfigUtils;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.core.JmsTemplate;

/**
 * Carries the request context through spring-jms: every message sent through a connection factory
 * bean carries the sending thread's context as message properties (full for {@code
 * contextkit.messaging.internal-destinations}, the third-party policy elsewhere), including the
 * replies of {@code @JmsListener} methods; every listener runs each message in the message's
 * context.
 *
 * <p>On when spring-jms is present, unless {@code contextkit.messaging.jms.enabled=false}.
 */
// By name: spring-boot-jms is optional (spring-jms alone is enough for this integration).
@AutoConfiguration(
    after = ContextKitMessagingAutoConfiguration.class,
    afterName = "org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration")
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JmsTemplate.class, ConnectionFactory.class})
@ConditionalOnBooleanProperty(name = "contextkit.messaging.jms.enabled", matchIfMissing = true)
public final class ContextKitJmsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  static JmsContextPostProcessor contextKitJmsPostProcessor(
      ObjectProvider<ContextPropagator> propagator,
      ObjectProvider<MessagingDestinations> destinations) {
    return new JmsContextPostProcessor(
        () -> propagator.getIfAvailable(ContextPropagator::defaults),
        () -> destinations.getIfAvailable(MessagingDestinations::none));
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(
      name = JmsListenerConfigUtils.JMS_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
      value = JmsListenerEndpointRegistry.class)
  JmsListenerContainersWrapper contextKitJmsListenerContainersWrapper(
      JmsListenerEndpointRegistry registry, ObjectProvider<ContextPropagator> propagator) {
    return new JmsListenerContainersWrapper(
        registry, () -> propagator.getIfAvailable(ContextPropagator::defaults));
  }
}
