package io.contextkit.spring.autoconfigure.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.kafka.internal.ContextBatchInterceptor;
import io.contextkit.spring.autoconfigure.kafka.internal.ContextProducerInterceptor;
import io.contextkit.spring.autoconfigure.kafka.internal.ContextRecordInterceptor;
import io.contextkit.spring.autoconfigure.kafka.internal.KafkaContextPostProcessor;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.trust.MessagingDestinations;
import io.contextkit.trust.OutboundPolicy;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.RecordInterceptor;

@SuppressWarnings("unchecked")
class ContextKitKafkaAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1")
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class,
                  ContextKitMessagingAutoConfiguration.class,
                  ContextKitKafkaAutoConfiguration.class));

  @Test
  void addsTheProducerInterceptorAndWrapsTheListenerInterceptors() {
    runner
        .withPropertyValues("contextkit.messaging.internal-destinations=orders.*,audit")
        .run(
            context -> {
              assertThat(context).hasSingleBean(KafkaContextPostProcessor.class);
              assertThat(context.getBean(MessagingDestinations.class).patterns())
                  .containsExactly("orders.*", "audit");

              DefaultKafkaProducerFactory<?, ?> producerFactory =
                  context.getBean(DefaultKafkaProducerFactory.class);
              Map<String, Object> configs = producerFactory.getConfigurationProperties();
              assertThat((List<Object>) configs.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG))
                  .containsExactly(ContextProducerInterceptor.class);
              ContextProducerInterceptor.Outbound outbound =
                  (ContextProducerInterceptor.Outbound)
                      configs.get(ContextProducerInterceptor.CONFIG_KEY);
              assertThat(outbound.destinations().isInternal("orders.paid")).isTrue();

              ConcurrentKafkaListenerContainerFactory<?, ?> listenerFactory =
                  context.getBean(ConcurrentKafkaListenerContainerFactory.class);
              assertThat(listenerFactory.getRecordInterceptor())
                  .isInstanceOf(ContextRecordInterceptor.class);
              assertThat(listenerFactory.getBatchInterceptor())
                  .isInstanceOf(ContextBatchInterceptor.class);
            });
  }

  @Test
  void usesTheApplicationsPropagatorAndFallsBackToTheSecureDefaults() {
    ContextPropagator own = ContextPropagator.defaults();
    runner
        .withBean(ContextPropagator.class, () -> own)
        .run(
            context ->
                assertThat(
                        outbound(context.getBean(DefaultKafkaProducerFactory.class)).propagator())
                    .isSameAs(own));
    runner.run(
        context -> {
          ContextProducerInterceptor.Outbound outbound =
              outbound(context.getBean(DefaultKafkaProducerFactory.class));
          assertThat(outbound.propagator().trustPolicy().thirdPartyPolicy())
              .isEqualTo(OutboundPolicy.TRACE_CONTEXT);
          assertThat(outbound.destinations().isInternal("anything")).isFalse();
        });
  }

  @Test
  void keepsTheUsersOwnInterceptorsInside() {
    runner
        .withUserConfiguration(UserInterceptor.class)
        .withPropertyValues(
            "spring.kafka.producer.properties.interceptor.classes=com.example.TheirInterceptor")
        .run(
            context -> {
              Map<String, Object> configs =
                  context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties();
              assertThat((List<Object>) configs.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG))
                  .containsExactly(
                      "com.example.TheirInterceptor", ContextProducerInterceptor.class);
              ContextRecordInterceptor ours =
                  (ContextRecordInterceptor)
                      context
                          .getBean(ConcurrentKafkaListenerContainerFactory.class)
                          .getRecordInterceptor();
              assertThat(ours.delegate()).isSameAs(context.getBean("userRecordInterceptor"));
            });
  }

  @Test
  void backsOffForAUserPostProcessorAndDestinations() {
    runner
        .withBean(
            "userKafkaPostProcessor",
            KafkaContextPostProcessor.class,
            () ->
                new KafkaContextPostProcessor(
                    ContextPropagator::defaults, MessagingDestinations::none))
        .withBean(MessagingDestinations.class, () -> MessagingDestinations.of("mine"))
        .run(
            context -> {
              assertThat(context)
                  .getBeans(KafkaContextPostProcessor.class)
                  .containsOnlyKeys("userKafkaPostProcessor");
              assertThat(context.getBean(MessagingDestinations.class).patterns())
                  .containsExactly("mine");
            });
  }

  @Test
  void offWhenDisabledByProperty() {
    runner
        .withPropertyValues("contextkit.messaging.kafka.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(KafkaContextPostProcessor.class);
              assertThat(
                      context
                          .getBean(DefaultKafkaProducerFactory.class)
                          .getConfigurationProperties())
                  .doesNotContainKey(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
              assertThat(
                      context
                          .getBean(ConcurrentKafkaListenerContainerFactory.class)
                          .getRecordInterceptor())
                  .isNull();
            });
  }

  @Test
  void offWhenSpringKafkaIsMissing() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitMessagingAutoConfiguration.class, ContextKitKafkaAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(KafkaContextPostProcessor.class);
            });
  }

  private static ContextProducerInterceptor.Outbound outbound(
      DefaultKafkaProducerFactory<?, ?> factory) {
    return (ContextProducerInterceptor.Outbound)
        factory.getConfigurationProperties().get(ContextProducerInterceptor.CONFIG_KEY);
  }

  @Configuration(proxyBeanMethods = false)
  static class UserInterceptor {
    @Bean
    RecordInterceptor<Object, Object> userRecordInterceptor() {
      return (record, consumer) -> record;
    }
  }
}
