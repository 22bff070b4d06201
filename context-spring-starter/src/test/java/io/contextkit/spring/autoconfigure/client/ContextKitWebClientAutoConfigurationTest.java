package io.contextkit.spring.autoconfigure.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitExchangeFilterFunction;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitWebClientBeanPostProcessor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

class ContextKitWebClientAutoConfigurationTest {

  private static final RequestContext ALICE =
      RequestContext.builder()
          .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
          .parentId("00f067aa0ba902b7")
          .requestId("req-1")
          .userId("alice")
          .build();

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  WebClientAutoConfiguration.class,
                  ContextKitWebClientAutoConfiguration.class));

  private static long ourFilters(WebClient.Builder builder) {
    long[] count = {0};
    builder
        .clone()
        .filters(
            filters -> {
              for (Object filter : filters) {
                count[0] += filter instanceof ContextKitExchangeFilterFunction ? 1 : 0;
              }
            });
    return count[0];
  }

  /** Sends one request through {@code builder} without a network and returns its headers. */
  private static HttpHeaders sentHeaders(WebClient.Builder builder, String url) {
    AtomicReference<HttpHeaders> sent = new AtomicReference<>();
    WebClient client =
        builder
            .clone()
            .exchangeFunction(
                request -> {
                  sent.set(request.headers());
                  return Mono.just(ClientResponse.create(HttpStatus.NO_CONTENT).build());
                })
            .build();
    try (ContextScope scope = ALICE.makeCurrent()) {
      client.get().uri(url).retrieve().toBodilessEntity().block();
    }
    return sent.get();
  }

  @Test
  void bootBuilderCarriesTheFullContextToAnInternalHostOnly() {
    contextRunner
        .withPropertyValues("contextkit.trust.internal-hosts=orders.internal")
        .run(
            context -> {
              assertThat(context).hasBean("contextKitWebClientCustomizer");
              assertThat(context).hasSingleBean(ContextKitWebClientBeanPostProcessor.class);
              WebClient.Builder builder = context.getBean(WebClient.Builder.class);
              // Customizer and post-processor both saw Boot's builder: still one filter.
              assertThat(ourFilters(builder)).isEqualTo(1);
              HttpHeaders internal = sentHeaders(builder, "http://orders.internal/x");
              assertThat(internal.getFirst("traceparent"))
                  .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
              assertThat(internal.getFirst("baggage")).contains("user_id=alice");
              assertThat(internal.getFirst("X-Request-Id")).isEqualTo("req-1");
              HttpHeaders thirdParty = sentHeaders(builder, "http://api.example.com/x");
              assertThat(thirdParty.getFirst("traceparent")).isNotNull();
              assertThat(thirdParty.containsHeader("baggage")).isFalse();
            });
  }

  @Test
  void userBuilderAndWebClientBeansGetTheFilterOnce() {
    contextRunner
        .withBean("myBuilder", WebClient.Builder.class, WebClient::builder)
        .withBean("myClient", WebClient.class, WebClient::create)
        .run(
            context -> {
              assertThat(ourFilters(context.getBean("myBuilder", WebClient.Builder.class)))
                  .isEqualTo(1);
              assertThat(ourFilters(context.getBean("myClient", WebClient.class).mutate()))
                  .isEqualTo(1);
            });
  }

  @Test
  void backsOffForAUserCustomizerOfTheSameName() {
    contextRunner
        .withBean(
            "contextKitWebClientCustomizer",
            org.springframework.boot.webclient.WebClientCustomizer.class,
            () -> builder -> {})
        .run(
            context ->
                // Only the post-processor adds ours now, still exactly once.
                assertThat(ourFilters(context.getBean(WebClient.Builder.class))).isEqualTo(1));
  }

  @Test
  void offWhenClientPropertyIsFalse() {
    contextRunner
        .withPropertyValues("contextkit.client.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ContextKitWebClientBeanPostProcessor.class);
              assertThat(ourFilters(context.getBean(WebClient.Builder.class))).isZero();
            });
  }

  @Test
  void offWithoutWebFlux() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(WebClient.class))
        .run(context -> assertThat(context).doesNotHaveBean("contextKitWebClientCustomizer"));
  }
}
