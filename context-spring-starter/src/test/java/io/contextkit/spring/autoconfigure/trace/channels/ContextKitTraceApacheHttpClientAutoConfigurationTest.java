package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.noop.TraceNotAcknowledgedException;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.ContextKitTraceAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.app.StubServer;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceApacheHttpClientPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceGuardApacheHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ContextKitTraceApacheHttpClientAutoConfigurationTest {

  private static final StubServer THIRD_PARTY = StubServer.start();
  private static final StubServer UNACKED = StubServer.start();
  private static final RedirectServer INTERNAL_REDIRECT =
      new RedirectServer("http://127.0.0.1:" + THIRD_PARTY.port() + "/landing");

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  ContextKitTraceAutoConfiguration.class,
                  ContextKitTraceApacheHttpClientAutoConfiguration.class))
          .withPropertyValues("contextkit.trust.internal-hosts=localhost")
          .withBean(CloseableHttpClient.class, HttpClients::createDefault);

  @AfterAll
  static void stop() {
    THIRD_PARTY.close();
    UNACKED.close();
    INTERNAL_REDIRECT.close();
  }

  private static String get(CloseableHttpClient client, String url) throws Exception {
    return client.execute(
        new HttpGet(url), r -> r.getCode() + " " + EntityUtils.toString(r.getEntity()));
  }

  @Test
  void redirectsAreDecidedHopByHopUnderTrace() {
    contextRunner.run(
        context -> {
          CloseableHttpClient client = context.getBean(CloseableHttpClient.class);
          assertThat(client)
              .isInstanceOf(TraceGuardApacheHttpClient.class)
              .isInstanceOf(TraceGuarded.class);
          String internal = "http://localhost:" + INTERNAL_REDIRECT.port() + "/start";
          int calls = THIRD_PARTY.log().size();

          assertThat(get(client, internal)).as("STANDARD follows").startsWith("200 ");
          assertThat(THIRD_PARTY.log()).hasSize(calls + 1);

          RequestContext trace = RequestContext.builder().requestType(RequestType.TRACE).build();
          try (var scope = trace.makeCurrent()) {
            assertThat(get(client, internal)).isEqualTo("202 ");
          }
          assertThat(THIRD_PARTY.log()).as("the third party is not called").hasSize(calls + 1);
          assertThat(INTERNAL_REDIRECT.log()).last().asString().contains("request_type=TRACE");
          assertThat(trace.sideEffects().report().effects())
              .extracting(effect -> effect.summary())
              .containsExactly(
                  "GET /start sent as TRACE", "GET /landing suppressed, synthetic 202");
        });
  }

  @Test
  void anInternalHostThatDoesNotAcknowledgeFailsTheTraceCall() {
    contextRunner.run(
        context -> {
          CloseableHttpClient client = context.getBean(CloseableHttpClient.class);
          String url = "http://localhost:" + UNACKED.port() + "/x";
          assertThat(get(client, url)).startsWith("200 ");
          try (var scope =
              RequestContext.builder().requestType(RequestType.TRACE).build().makeCurrent()) {
            assertThatThrownBy(() -> get(client, url))
                .isInstanceOf(TraceNotAcknowledgedException.class);
          }
        });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    contextRunner
        .withBean(
            "myGuard",
            TraceApacheHttpClientPostProcessor.class,
            () ->
                new TraceApacheHttpClientPostProcessor(
                    new StaticListableBeanFactory().getBeanProvider(OutboundTraceGuard.class)))
        .run(
            context ->
                assertThat(context.getBeansOfType(TraceApacheHttpClientPostProcessor.class))
                    .containsOnlyKeys("myGuard"));
  }

  @Test
  void leavesClientsUnguardedWhenSwitchedOff() {
    contextRunner
        .withPropertyValues("contextkit.client.httpclient5.enabled=false")
        .run(
            context ->
                assertThat(context.getBean(CloseableHttpClient.class))
                    .isNotInstanceOf(TraceGuarded.class));
  }

  @Test
  void backsOffWithoutHttpClient5() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitAutoConfiguration.class,
                ContextKitTraceAutoConfiguration.class,
                ContextKitTraceApacheHttpClientAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(CloseableHttpClient.class))
        .run(
            context ->
                assertThat(context).doesNotHaveBean(TraceApacheHttpClientPostProcessor.class));
  }
}
