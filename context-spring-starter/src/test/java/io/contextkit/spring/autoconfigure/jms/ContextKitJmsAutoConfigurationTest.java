package io.contextkit.spring.autoconfigure.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.jms.internal.ContextConnectionFactories;
import io.contextkit.spring.autoconfigure.jms.internal.ContextJmsErrorHandler;
import io.contextkit.spring.autoconfigure.jms.internal.ContextMessageListener;
import io.contextkit.spring.autoconfigure.jms.internal.JmsContextPostProcessor;
import io.contextkit.spring.autoconfigure.jms.internal.JmsListenerContainersWrapper;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.trust.MessagingDestinations;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageListener;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

class ContextKitJmsAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  JmsAutoConfiguration.class,
                  ContextKitMessagingAutoConfiguration.class,
                  ContextKitJmsAutoConfiguration.class))
          .withUserConfiguration(Broker.class);

  @Test
  void wrapsConnectionFactoriesAndListenerContainers() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(JmsContextPostProcessor.class);
          assertThat(context).hasSingleBean(JmsListenerContainersWrapper.class);
          ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
          assertThat(ContextConnectionFactories.isWrapped(connectionFactory)).isTrue();
          // Every interface of the wrapped factory is kept, so its lifecycle still runs.
          assertThat(connectionFactory).isInstanceOf(DisposableBean.class);
          assertThat(ContextConnectionFactories.unwrap(connectionFactory))
              .isInstanceOf(CachingConnectionFactory.class);
          assertThat(context.getBean(JmsTemplate.class).getConnectionFactory())
              .isSameAs(connectionFactory);
          DefaultMessageListenerContainer container =
              context.getBean(DefaultMessageListenerContainer.class);
          assertThat(container.getMessageListener()).isInstanceOf(ContextMessageListener.class);
          assertThat(((ContextMessageListener) container.getMessageListener()).delegate())
              .isSameAs(Broker.LISTENER);
          assertThat(container.getErrorHandler()).isInstanceOf(ContextJmsErrorHandler.class);
        });
  }

  @Test
  void neverWrapsTwice() {
    runner.run(
        context -> {
          ConnectionFactory wrapped = context.getBean(ConnectionFactory.class);
          assertThat(
                  ContextConnectionFactories.wrap(
                      wrapped, ContextPropagator::defaults, MessagingDestinations::none))
              .isSameAs(wrapped);
        });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    runner
        .withBean(
            "userJmsPostProcessor",
            JmsContextPostProcessor.class,
            () ->
                new JmsContextPostProcessor(
                    ContextPropagator::defaults, MessagingDestinations::none))
        .run(
            context ->
                assertThat(context)
                    .getBeans(JmsContextPostProcessor.class)
                    .containsOnlyKeys("userJmsPostProcessor"));
  }

  @Test
  void offWhenDisabledByProperty() {
    runner
        .withPropertyValues("contextkit.messaging.jms.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(JmsContextPostProcessor.class);
              assertThat(context).doesNotHaveBean(JmsListenerContainersWrapper.class);
              assertThat(
                      ContextConnectionFactories.isWrapped(
                          context.getBean(ConnectionFactory.class)))
                  .isFalse();
              assertThat(
                      context.getBean(DefaultMessageListenerContainer.class).getMessageListener())
                  .isSameAs(Broker.LISTENER);
            });
  }

  @Test
  void offWhenSpringJmsIsMissing() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitMessagingAutoConfiguration.class, ContextKitJmsAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(JmsTemplate.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(JmsContextPostProcessor.class);
            });
  }

  /** A connection factory and a listener container declared as beans, never started. */
  @Configuration(proxyBeanMethods = false)
  static class Broker {
    static final MessageListener LISTENER = message -> {};

    @Bean
    CachingConnectionFactory connectionFactory() {
      return new CachingConnectionFactory(new ActiveMQConnectionFactory("vm://0"));
    }

    @Bean
    DefaultMessageListenerContainer container(ConnectionFactory connectionFactory) {
      DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
      container.setConnectionFactory(connectionFactory);
      container.setDestinationName("orders");
      container.setMessageListener(LISTENER);
      container.setAutoStartup(false);
      return container;
    }
  }
}
