package io.contextkit.spring.autoconfigure.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

class ContextKitActuatorAutoConfigurationTest {

  private static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  ContextKitActuatorAutoConfiguration.class))
          .withPropertyValues("management.endpoints.web.exposure.include=contextkit");

  @Test
  void suppliesEndpointThatNeverShowsASecret() {
    contextRunner
        .withPropertyValues(
            "contextkit.trust.signing.active-key-id=k1",
            "contextkit.trust.signing.keys.k1=" + SECRET,
            "contextkit.trust.trusted-peer-names=spiffe://prod/api")
        .run(
            context -> {
              ContextKitEndpoint.ContextKitDescriptor descriptor =
                  context.getBean(ContextKitEndpoint.class).contextkit();
              assertThat(descriptor.trust().signing().keyIds()).containsExactly("k1");
              assertThat(descriptor.trust().trustedPeerNames())
                  .containsExactly("spiffe://prod/api");
              assertThat(descriptor.counters())
                  .hasSize(ContextCounters.Counter.values().length)
                  .containsKey("baggage.dropped-entries");
              String json = JsonMapper.builder().build().writeValueAsString(descriptor);
              assertThat(json).contains("k1").doesNotContain(SECRET).doesNotContain("MDEyMzQ1");
            });
  }

  @Test
  void endpointOffWhenNotExposed() {
    contextRunner
        .withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(context -> assertThat(context).doesNotHaveBean(ContextKitEndpoint.class));
  }

  @Test
  void backsOffForUserBeans() {
    contextRunner
        .withBean("myBinder", ContextKitMeterBinder.class, ContextKitMeterBinder::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ContextKitMeterBinder.class);
              assertThat(context).hasBean("myBinder");
            });
  }

  @Test
  void meterBinderPublishesEveryCounterAndFollowsIt() {
    contextRunner.run(
        context -> {
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(MeterBinder.class).bindTo(registry);
          FunctionCounter dropped =
              registry.get("contextkit.baggage.dropped-entries").functionCounter();
          double before = dropped.count();
          ContextKit.counters().add(ContextCounters.Counter.BAGGAGE_DROPPED_ENTRIES, 3);
          assertThat(dropped.count()).isEqualTo(before + 3);
          assertThat(registry.getMeters()).hasSize(ContextCounters.Counter.values().length);
        });
  }

  @Test
  void offWhenContextKitIsDisabled() {
    contextRunner
        .withPropertyValues("contextkit.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ContextKitEndpoint.class);
              assertThat(context).doesNotHaveBean(ContextKitMeterBinder.class);
            });
  }

  @Test
  void offWithoutMicrometerOrActuator() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(context -> assertThat(context).doesNotHaveBean(ContextKitMeterBinder.class));
    contextRunner
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> assertThat(context).doesNotHaveBean(ContextKitEndpoint.class));
  }
}
