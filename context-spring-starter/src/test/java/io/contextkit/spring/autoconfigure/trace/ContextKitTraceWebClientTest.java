package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.ContextKitWebClientAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitExchangeFilterFunction;
import io.contextkit.spring.autoconfigure.trace.internal.TraceExchangeFilterFunction;
import io.contextkit.spring.autoconfigure.trace.internal.TraceWebClientPostProcessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

class ContextKitTraceWebClientTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  WebClientAutoConfiguration.class,
                  ContextKitWebClientAutoConfiguration.class,
                  ContextKitTraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class UserClients {
    @Bean
    WebClient plainClient() {
      return WebClient.create();
    }

    @Bean
    WebClient fromBootsBuilder(WebClient.Builder builder) {
      return builder.build();
    }
  }

  @Test
  void everyClientGetsTheTraceFilterOnceInsideThePropagationFilter() {
    runner
        .withUserConfiguration(UserClients.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceWebClientPostProcessor.class);
              assertThat(context).hasBean("contextKitTraceWebClientCustomizer");
              for (String name : List.of("plainClient", "fromBootsBuilder")) {
                List<ExchangeFilterFunction> filters =
                    filters(context.getBean(name, WebClient.class));
                assertThat(filters)
                    .as(name)
                    .filteredOn(TraceExchangeFilterFunction.class::isInstance)
                    .hasSize(1);
                // Propagation first (outer), the TRACE decision on the request as it will leave.
                assertThat(filters.get(filters.size() - 1))
                    .as(name)
                    .isInstanceOf(TraceExchangeFilterFunction.class);
                assertThat(filters)
                    .as(name)
                    .filteredOn(ContextKitExchangeFilterFunction.class::isInstance)
                    .hasSize(1);
              }
              // A second pass (e.g. a refreshed bean) must not add it again.
              WebClient client = context.getBean("plainClient", WebClient.class);
              assertThat(
                      context
                          .getBean(TraceWebClientPostProcessor.class)
                          .postProcessAfterInitialization(client, "plainClient"))
                  .isSameAs(client);
            });
  }

  @Test
  void backsOffForAUserCustomizerOfTheSameName() {
    WebClientCustomizer own = builder -> {};
    runner
        .withBean("contextKitTraceWebClientCustomizer", WebClientCustomizer.class, () -> own)
        .run(
            context ->
                assertThat(context.getBean("contextKitTraceWebClientCustomizer")).isSameAs(own));
  }

  @Test
  void offWhenClientIntegrationIsSwitchedOff() {
    runner
        .withPropertyValues("contextkit.client.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TraceWebClientPostProcessor.class);
              assertThat(context).doesNotHaveBean("contextKitTraceWebClientCustomizer");
            });
  }

  @Test
  void offWithoutWebFlux() {
    runner
        .withClassLoader(new FilteredClassLoader(WebClient.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TraceWebClientPostProcessor.class);
              assertThat(context).doesNotHaveBean("contextKitTraceWebClientCustomizer");
            });
  }

  private static List<ExchangeFilterFunction> filters(WebClient client) {
    List<ExchangeFilterFunction> seen = new ArrayList<>();
    client.mutate().filters(seen::addAll);
    return seen;
  }
}
