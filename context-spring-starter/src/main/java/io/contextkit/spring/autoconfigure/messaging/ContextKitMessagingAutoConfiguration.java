package io.contextkit.spring.autoconfigure.messaging;

import io.contextkit.config.ContextKitFactory;
import io.contextkit.spring.autoconfigure.internal.SpringSettings;
import io.contextkit.trust.MessagingDestinations;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The messaging trust boundary shared by the Kafka, JMS and AMQP integrations: a {@link
 * MessagingDestinations} bean from {@code contextkit.messaging.internal-destinations}. Declare your
 * own {@code MessagingDestinations} bean to decide differently.
 */
@AutoConfiguration
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContextKitMessagingProperties.class)
public final class ContextKitMessagingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MessagingDestinations contextKitMessagingDestinations(ContextKitMessagingProperties properties) {
    return SpringSettings.boot(
        () ->
            ContextKitFactory.messagingDestinations(
                SpringSettings.of(null, properties, null), SpringSettings.KEYS));
  }
}
