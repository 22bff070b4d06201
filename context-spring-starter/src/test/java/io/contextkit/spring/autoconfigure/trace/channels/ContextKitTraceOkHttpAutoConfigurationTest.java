package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceNotAcknowledgedException;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.ContextKitTraceAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.app.StubServer;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceGuardOkHttp;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceOkHttpPostProcessor;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ContextKitTraceOkHttpAutoConfigurationTest {

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
                  ContextKitTraceOkHttpAutoConfiguration.class))
          .withPropertyValues("contextkit.trust.internal-hosts=localhost")
          .withBean(OkHttpClient.class, OkHttpClient::new);

  @AfterAll
  static void stop() {
    THIRD_PARTY.close();
    UNACKED.close();
    INTERNAL_REDIRECT.close();
  }

  private static int get(OkHttpClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code();
    }
  }

  @Test
  void aTraceRedirectToAThirdPartyIsNeverFollowed() {
    contextRunner.run(
        context -> {
          OkHttpClient client = context.getBean(OkHttpClient.class);
          assertThat(TraceGuardOkHttp.isGuarded(client)).isTrue();
          String internal = "http://localhost:" + INTERNAL_REDIRECT.port() + "/start";
          int calls = THIRD_PARTY.log().size();
          RequestContext standard = RequestContext.builder().userId("ann").build();
          try (var scope = standard.makeCurrent()) {
            assertThat(get(client, internal)).as("STANDARD follows").isEqualTo(200);
          }
          assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
          assertThat(INTERNAL_REDIRECT.log()).last().asString().contains("user_id=ann");
          assertThat(THIRD_PARTY.log())
              .as("the context's baggage does not follow a redirect out of the boundary")
              .last()
              .asString()
              .endsWith("baggage=null");

          RequestContext trace = RequestContext.builder().requestType(RequestType.TRACE).build();
          try (var scope = trace.makeCurrent()) {
            assertThatThrownBy(() -> get(client, internal))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not followed");
          }
          assertThat(THIRD_PARTY.log()).as("the third party is not called").hasSize(calls + 1);
          assertThat(INTERNAL_REDIRECT.log()).last().asString().contains("request_type=TRACE");
        });
  }

  @Test
  void anInternalHostThatDoesNotAcknowledgeFailsTheTraceCall() {
    contextRunner.run(
        context -> {
          OkHttpClient client = context.getBean(OkHttpClient.class);
          String url = "http://localhost:" + UNACKED.port() + "/x";
          assertThat(get(client, url)).isEqualTo(200);
          try (var scope =
              RequestContext.builder().requestType(RequestType.TRACE).build().makeCurrent()) {
            assertThatThrownBy(() -> get(client, url))
                .isInstanceOf(TraceNotAcknowledgedException.class);
          }
        });
  }

  @Test
  void neverGuardsTwice() {
    contextRunner.run(
        context -> {
          OkHttpClient client = context.getBean(OkHttpClient.class);
          assertThat(TraceGuardOkHttp.guard(client, () -> null)).isSameAs(client);
        });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    contextRunner
        .withBean(
            "myGuard",
            TraceOkHttpPostProcessor.class,
            () ->
                new TraceOkHttpPostProcessor(
                    new StaticListableBeanFactory().getBeanProvider(OutboundTraceGuard.class)))
        .run(
            context ->
                assertThat(context.getBeansOfType(TraceOkHttpPostProcessor.class))
                    .containsOnlyKeys("myGuard"));
  }

  @Test
  void leavesClientsUnguardedWhenSwitchedOff() {
    contextRunner
        .withPropertyValues("contextkit.client.okhttp.enabled=false")
        .run(
            context ->
                assertThat(TraceGuardOkHttp.isGuarded(context.getBean(OkHttpClient.class)))
                    .isFalse());
  }

  @Test
  void backsOffWithoutOkHttp() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitAutoConfiguration.class,
                ContextKitTraceAutoConfiguration.class,
                ContextKitTraceOkHttpAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(OkHttpClient.class))
        .run(context -> assertThat(context).doesNotHaveBean(TraceOkHttpPostProcessor.class));
  }
}
