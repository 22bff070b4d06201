package io.contextkit.spring.autoconfigure.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.amqp.internal.AmqpContextPostProcessor;
import io.contextkit.spring.autoconfigure.amqp.internal.ContextListenerAdvice;
import io.contextkit.spring.autoconfigure.amqp.internal.ContextPublishPostProcessor;
import io.contextkit.spring.autoconfigure.amqp.internal.RabbitListenerContainersWrapper;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.trust.MessagingDestinations;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@SuppressWarnings("try") // scopes are held for their effect
class ContextKitAmqpAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RabbitAutoConfiguration.class,
                  ContextKitMessagingAutoConfiguration.class,
                  ContextKitAmqpAutoConfiguration.class));

  @Test
  void addsThePublishPostProcessorAndTheListenerAdviceFirst() {
    runner
        .withPropertyValues(
            "spring.rabbitmq.listener.simple.retry.enabled=true",
            "contextkit.messaging.internal-destinations=ck.*")
        .withBean(ContextPropagator.class, MessagingTestSupport::deploymentPropagator)
        .run(
            context -> {
              assertThat(context).hasSingleBean(AmqpContextPostProcessor.class);
              assertThat(context).hasSingleBean(RabbitListenerContainersWrapper.class);
              RabbitTemplate template = context.getBean(RabbitTemplate.class);
              assertThat(template.getBeforePublishPostProcessors())
                  .singleElement()
                  .isInstanceOf(ContextPublishPostProcessor.class);
              SimpleRabbitListenerContainerFactory factory =
                  context.getBean(SimpleRabbitListenerContainerFactory.class);
              assertThat(factory.getAdviceChain()).hasSizeGreaterThan(1);
              assertThat(factory.getAdviceChain()[0]).isInstanceOf(ContextListenerAdvice.class);
            });
  }

  @Test
  void publishPostProcessorWritesFullContextOnlyForInternalDestinations() {
    runner
        .withPropertyValues("contextkit.messaging.internal-destinations=ck.*")
        .withBean(ContextPropagator.class, MessagingTestSupport::deploymentPropagator)
        .run(
            context -> {
              MessagePostProcessor processor =
                  context.getBean(RabbitTemplate.class).getBeforePublishPostProcessors().stream()
                      .findFirst()
                      .orElseThrow();
              RequestContext sent = MessagingTestSupport.userContext("gina");
              Message internal = MessageBuilder.withBody(new byte[0]).build();
              Message external = MessageBuilder.withBody(new byte[0]).build();
              Message viaExchange = MessageBuilder.withBody(new byte[0]).build();
              try (ContextScope scope = sent.makeCurrent()) {
                processor.postProcessMessage(internal, null, "", "ck.orders");
                processor.postProcessMessage(external, null, "", "partner.queue");
                processor.postProcessMessage(viaExchange, null, "ck.events", "partner.queue");
              }
              assertThat(internal.getMessageProperties().getHeaders())
                  .containsKeys("traceparent", "baggage", "x-request-id", "contextkit-signature")
                  .containsEntry("x-request-id", sent.requestId());
              assertThat(external.getMessageProperties().getHeaders())
                  .containsOnlyKeys("traceparent");
              assertThat(viaExchange.getMessageProperties().getHeaders()).containsKey("baggage");
            });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    runner
        .withBean(
            "userAmqpPostProcessor",
            AmqpContextPostProcessor.class,
            () ->
                new AmqpContextPostProcessor(
                    ContextPropagator::defaults, MessagingDestinations::none))
        .run(
            context ->
                assertThat(context)
                    .getBeans(AmqpContextPostProcessor.class)
                    .containsOnlyKeys("userAmqpPostProcessor"));
  }

  @Test
  void offWhenDisabledByProperty() {
    runner
        .withPropertyValues("contextkit.messaging.amqp.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(AmqpContextPostProcessor.class);
              assertThat(context).doesNotHaveBean(RabbitListenerContainersWrapper.class);
              assertThat(context.getBean(RabbitTemplate.class).getBeforePublishPostProcessors())
                  .isNull();
            });
  }

  @Test
  void offWhenSpringRabbitIsMissing() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitMessagingAutoConfiguration.class, ContextKitAmqpAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(AmqpContextPostProcessor.class);
            });
  }
}
