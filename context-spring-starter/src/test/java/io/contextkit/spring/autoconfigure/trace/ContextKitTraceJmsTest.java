package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TraceJmsConnectionFactories;
import io.contextkit.spring.autoconfigure.trace.internal.TraceJmsPostProcessor;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ContextKitTraceJmsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  ContextKitMessagingAutoConfiguration.class,
                  ContextKitTraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class UserConnectionFactory {
    @Bean
    ConnectionFactory userConnectionFactory() {
      // Never connects: nothing is sent in these tests.
      return new ActiveMQConnectionFactory("vm://0");
    }
  }

  @Test
  void wrapsAUserDeclaredConnectionFactoryOnceWithTheInternalDestinations() {
    runner
        .withUserConfiguration(UserConnectionFactory.class)
        .withPropertyValues("contextkit.messaging.internal-destinations=ck.*")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceJmsPostProcessor.class);
              ConnectionFactory factory = context.getBean(ConnectionFactory.class);
              assertThat(TraceJmsConnectionFactories.isWrapped(factory)).isTrue();
              // A second pass (e.g. a refreshed bean) must not wrap it again.
              assertThat(
                      context
                          .getBean(TraceJmsPostProcessor.class)
                          .postProcessAfterInitialization(factory, "userConnectionFactory"))
                  .isSameAs(factory);
              RequestContext trace =
                  RequestContext.builder().requestId("r").requestType(RequestType.TRACE).build();
              MessageTraceGuard guard = context.getBean(MessageTraceGuard.class);
              assertThat(guard.decide(trace, "ck.orders"))
                  .isEqualTo(MessageTraceGuard.Action.FORWARD_AS_TRACE);
              assertThat(guard.decide(trace, "partner.orders"))
                  .isEqualTo(MessageTraceGuard.Action.CAPTURE);
            });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    runner
        .withUserConfiguration(UserConnectionFactory.class)
        .withBean(
            "contextKitTraceJmsPostProcessor",
            TraceJmsPostProcessor.class,
            () ->
                new TraceJmsPostProcessor(
                    MessageTraceGuard::captureAll, io.contextkit.ContextPropagator::defaults))
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceJmsPostProcessor.class);
              assertThat(context).hasBean("contextKitTraceJmsPostProcessor");
            });
  }

  @Test
  void staysOnWhenTraceOrTheJmsContextIntegrationIsSwitchedOff() {
    runner
        .withUserConfiguration(UserConnectionFactory.class)
        .withPropertyValues(
            "contextkit.trace.enabled=false", "contextkit.messaging.jms.enabled=false")
        .run(
            context ->
                assertThat(
                        TraceJmsConnectionFactories.isWrapped(
                            context.getBean(ConnectionFactory.class)))
                    .isTrue());
  }

  @Test
  void offWithoutTheJmsApi() {
    runner
        .withClassLoader(new FilteredClassLoader("jakarta.jms."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TraceJmsPostProcessor.class);
            });
  }

  @Test
  void noMessagingGuardWithoutAnyBrokerLibrary() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "jakarta.jms.", "org.springframework.kafka.", "org.springframework.amqp."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(MessageTraceGuard.class);
            });
  }
}
