package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.TraceGuardProducer;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.kafka.ContextKitKafkaAutoConfiguration;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TraceKafkaPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceProducerPostProcessor;
import io.contextkit.trust.MessagingDestinations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

@SuppressWarnings({"unchecked", "try"})
class ContextKitTraceKafkaTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1")
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  KafkaAutoConfiguration.class,
                  ContextKitMessagingAutoConfiguration.class,
                  ContextKitKafkaAutoConfiguration.class,
                  ContextKitTraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class UserFactory {
    @Bean
    DefaultKafkaProducerFactory<Object, Object> userProducerFactory() {
      return new DefaultKafkaProducerFactory<>(
          Map.of(
              "bootstrap.servers",
              "127.0.0.1:1",
              "key.serializer",
              StringSerializer.class,
              "value.serializer",
              StringSerializer.class));
    }
  }

  @Test
  void guardsAUserDeclaredProducerFactoryOnceWithTheInternalDestinations() {
    runner
        .withUserConfiguration(UserFactory.class)
        .withPropertyValues("contextkit.messaging.internal-destinations=ck.*")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceKafkaPostProcessor.class);
              Map<String, ProducerFactory> factories =
                  context.getBeansOfType(ProducerFactory.class);
              assertThat(factories).containsOnlyKeys("userProducerFactory");
              TraceKafkaPostProcessor postProcessor =
                  context.getBean(TraceKafkaPostProcessor.class);
              for (Map.Entry<String, ProducerFactory> e : factories.entrySet()) {
                // A second pass (e.g. a refreshed bean) must not add it again.
                postProcessor.postProcessAfterInitialization(e.getValue(), e.getKey());
                List<ProducerPostProcessor<?, ?>> added = e.getValue().getPostProcessors();
                assertThat(added)
                    .as(e.getKey())
                    .singleElement()
                    .isInstanceOf(TraceProducerPostProcessor.class);
              }

              MessageTraceGuard guard = context.getBean(MessageTraceGuard.class);
              RequestContext trace = traceContext();
              assertThat(guard.decide(trace, "ck.orders"))
                  .isEqualTo(MessageTraceGuard.Action.FORWARD_AS_TRACE);
              assertThat(guard.decide(trace, "partner.events"))
                  .isEqualTo(MessageTraceGuard.Action.CAPTURE);
            });
  }

  @Test
  void capturedDestinationsStayInternalButNeverReceiveTraceMessages() {
    runner
        .withPropertyValues(
            "contextkit.messaging.internal-destinations=ck.*",
            "contextkit.trace.captured-destinations=ck.orders, ")
        .run(
            context -> {
              MessageTraceGuard guard = context.getBean(MessageTraceGuard.class);
              RequestContext trace = traceContext();
              assertThat(guard.decide(trace, "ck.orders"))
                  .isEqualTo(MessageTraceGuard.Action.CAPTURE);
              assertThat(guard.decide(trace, "ck.audit"))
                  .isEqualTo(MessageTraceGuard.Action.FORWARD_AS_TRACE);
              assertThat(context.getBean(MessagingDestinations.class).isInternal("ck.orders"))
                  .as("STANDARD messages to it still carry the full context")
                  .isTrue();
            });
  }

  @Test
  void wrappedProducerCapturesTraceRecordsAndPassesStandardOnes() {
    runner
        .withPropertyValues("contextkit.messaging.internal-destinations=ck.*")
        .run(
            context -> {
              ProducerFactory<String, String> factory = context.getBean(ProducerFactory.class);
              ProducerPostProcessor<String, String> postProcessor =
                  factory.getPostProcessors().get(0);
              MockProducer<String, String> mock =
                  new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
              Producer<String, String> producer = postProcessor.apply(mock);
              assertThat(producer).isInstanceOf(TraceGuardProducer.class);

              producer.send(new ProducerRecord<>("partner.events", "standard")).get();
              RequestContext trace = traceContext();
              try (ContextScope scope = trace.makeCurrent()) {
                assertThat(
                        producer
                            .send(new ProducerRecord<>("partner.events", "trace"))
                            .get()
                            .offset())
                    .isEqualTo(-1L);
                producer.send(new ProducerRecord<>("ck.orders", "internal")).get();
              }

              assertThat(mock.history())
                  .extracting(ProducerRecord::value)
                  .containsExactly("standard", "internal");
              Header baggage = mock.history().get(1).headers().lastHeader("baggage");
              assertThat(new String(baggage.value(), StandardCharsets.UTF_8))
                  .contains("request_type=TRACE");
              TraceReport report = TraceReport.from(trace.sideEffects().report());
              assertThat(report.count(SideEffect.Kind.MESSAGE)).isEqualTo(2);
            });
  }

  @Test
  void backsOffForAUserGuard() {
    MessageTraceGuard own = MessageTraceGuard.withInternalDestinations("mine");
    runner
        .withBean(MessageTraceGuard.class, () -> own)
        .run(context -> assertThat(context).getBean(MessageTraceGuard.class).isSameAs(own));
  }

  @Test
  void staysOnWhenTraceIsSwitchedOffSoAStrayTraceContextNeverPublishes() {
    runner
        .withPropertyValues("contextkit.trace.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceKafkaPostProcessor.class);
              assertThat(context).hasSingleBean(MessageTraceGuard.class);
              assertThat(context.getBean(ProducerFactory.class).getPostProcessors()).hasSize(1);
            });
  }

  @Test
  void offWithoutSpringKafka() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.kafka."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TraceKafkaPostProcessor.class);
            });
  }

  private static RequestContext traceContext() {
    return RequestContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .parentId("00f067aa0ba902b7")
        .traceFlags((byte) 1)
        .requestId("req-trace")
        .userId("tracy")
        .requestType(RequestType.TRACE)
        .build();
  }
}
