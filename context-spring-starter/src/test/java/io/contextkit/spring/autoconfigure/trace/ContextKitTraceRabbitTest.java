package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TraceListenerChannelAdvice;
import io.contextkit.spring.autoconfigure.trace.internal.TraceRabbitConnectionFactories;
import io.contextkit.spring.autoconfigure.trace.internal.TraceRabbitPostProcessor;
import java.util.Map;
import org.aopalliance.aop.Advice;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.SimpleRoutingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.InfrastructureProxy;

class ContextKitTraceRabbitTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  RabbitAutoConfiguration.class,
                  ContextKitMessagingAutoConfiguration.class,
                  ContextKitTraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class UserTemplates {
    @Bean
    RabbitTemplate userTemplate(ConnectionFactory connectionFactory) {
      return new RabbitTemplate(connectionFactory);
    }

    @Bean
    RabbitTemplate routingTemplate(ConnectionFactory connectionFactory) {
      SimpleRoutingConnectionFactory routing = new SimpleRoutingConnectionFactory();
      routing.setTargetConnectionFactories(Map.of("only", connectionFactory));
      return new RabbitTemplate(routing);
    }
  }

  @Test
  void guardsEveryTemplatesViewOfItsFactoryButLeavesTheFactoryBeanAlone() {
    runner
        .withUserConfiguration(UserTemplates.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceRabbitPostProcessor.class);
              assertThat(context).hasSingleBean(MessageTraceGuard.class);
              ConnectionFactory bean = context.getBean(ConnectionFactory.class);
              assertThat(bean).isInstanceOf(CachingConnectionFactory.class);
              RabbitTemplate template = context.getBean("userTemplate", RabbitTemplate.class);
              ConnectionFactory view = template.getConnectionFactory();
              assertThat(TraceRabbitConnectionFactories.isWrapped(view)).isTrue();
              // Transaction synchronisation keys resources by the real factory.
              assertThat(((InfrastructureProxy) view).getWrappedObject()).isSameAs(bean);
              context
                  .getBean(TraceRabbitPostProcessor.class)
                  .postProcessAfterInitialization(template, "userTemplate");
              assertThat(template.getConnectionFactory()).isSameAs(view);
              // Routing factories are left alone (and a warning is logged).
              assertThat(
                      TraceRabbitConnectionFactories.isWrapped(
                          context
                              .getBean("routingTemplate", RabbitTemplate.class)
                              .getConnectionFactory()))
                  .isFalse();
            });
  }

  @Test
  void guardsBootsTemplateAndTheListenerChannelsOfBootsContainerFactory() {
    runner.run(
        context -> {
          assertThat(
                  TraceRabbitConnectionFactories.isWrapped(
                      context.getBean(RabbitTemplate.class).getConnectionFactory()))
              .isTrue();
          Advice[] chain =
              context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain();
          assertThat(chain).filteredOn(TraceListenerChannelAdvice.class::isInstance).hasSize(1);
          assertThat(chain[chain.length - 1]).isInstanceOf(TraceListenerChannelAdvice.class);
        });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    TraceRabbitPostProcessor own =
        new TraceRabbitPostProcessor(MessageTraceGuard::captureAll, ContextPropagator::defaults);
    runner
        .withBean("contextKitTraceRabbitPostProcessor", TraceRabbitPostProcessor.class, () -> own)
        .run(context -> assertThat(context).getBean(TraceRabbitPostProcessor.class).isSameAs(own));
  }

  @Test
  void staysOnWhenTraceOrTheAmqpContextIntegrationIsSwitchedOff() {
    runner
        .withPropertyValues(
            "contextkit.trace.enabled=false", "contextkit.messaging.amqp.enabled=false")
        .run(
            context ->
                assertThat(
                        TraceRabbitConnectionFactories.isWrapped(
                            context.getBean(RabbitTemplate.class).getConnectionFactory()))
                    .isTrue());
  }

  @Test
  void offWithoutSpringRabbit() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.amqp."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TraceRabbitPostProcessor.class);
            });
  }
}
