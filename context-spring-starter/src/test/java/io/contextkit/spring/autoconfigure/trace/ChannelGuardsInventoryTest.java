package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TracePolicy;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.ContextKitHttpClientAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.ContextKitTraceApacheHttpClientAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.ContextKitTraceCacheAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.ContextKitTraceMailAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.ContextKitTraceOkHttpAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.ContextKitTraceSessionAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TracePolicyHolder;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.session.MapSessionRepository;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The channel guards (mail, Spring Cache, Spring Session stores and HTTP sessions, Apache
 * HttpClient 5, OkHttp) in the inventory of effect channels: with its guard on, each channel is
 * listed guarded and the TRACE policy lets TRACE run; with its guard switched off by its key, the
 * channel is unguarded, and TRACE is refused naming the channel and the key — until it is declared
 * safe.
 */
class ChannelGuardsInventoryTest {

  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          ContextKitAutoConfiguration.class,
          ContextKitHttpClientAutoConfiguration.class,
          ContextKitTraceAutoConfiguration.class,
          ContextKitTraceMailAutoConfiguration.class,
          ContextKitTraceCacheAutoConfiguration.class,
          ContextKitTraceSessionAutoConfiguration.class,
          ContextKitTraceApacheHttpClientAutoConfiguration.class,
          ContextKitTraceOkHttpAutoConfiguration.class);

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withUserConfiguration(Channels.class);

  @Configuration(proxyBeanMethods = false)
  static class Channels {
    @Bean
    JavaMailSenderImpl mailSender() {
      JavaMailSenderImpl sender = new JavaMailSenderImpl();
      sender.setHost("localhost");
      return sender;
    }

    @Bean
    ConcurrentMapCacheManager cacheManager() {
      return new ConcurrentMapCacheManager("prices");
    }

    @Bean
    MapSessionRepository sessionRepository() {
      return new MapSessionRepository(new ConcurrentHashMap<>());
    }

    @Bean(destroyMethod = "close")
    CloseableHttpClient apacheClient() {
      return HttpClients.createDefault();
    }

    @Bean
    OkHttpClient okHttpClient() {
      return new OkHttpClient();
    }

    @Bean
    @Lazy
    JavaMailSenderImpl lazyMailSender() {
      return new JavaMailSenderImpl();
    }
  }

  private static TracePolicy policy(ConfigurableApplicationContext context) {
    return context.getBean(TracePolicyHolder.class).get();
  }

  private static EffectChannelInventory inventory(ConfigurableApplicationContext context) {
    EffectChannelInventory inventory = policy(context).inventory();
    assertThat(inventory).isNotNull();
    return inventory;
  }

  private static @Nullable EffectChannel find(
      ConfigurableApplicationContext context, Kind kind, String name) {
    for (EffectChannel channel : inventory(context).channels()) {
      if (channel.is(kind, name)) {
        return channel;
      }
    }
    return null;
  }

  private static EffectChannel channel(
      ConfigurableApplicationContext context, Kind kind, String name) {
    EffectChannel channel = find(context, kind, name);
    assertThat(channel)
        .as(kind.id() + " " + name + " in " + inventory(context).channels())
        .isNotNull();
    return channel;
  }

  @Test
  void withEveryGuardOnEachChannelIsGuardedAndTraceRuns() {
    contextRunner.run(
        context -> {
          assertThat(channel(context, Kind.MAIL_SENDER, "mailSender").status())
              .isEqualTo(Status.GUARDED);
          assertThat(channel(context, Kind.CACHE, "cacheManager").status())
              .isEqualTo(Status.GUARDED);
          assertThat(channel(context, Kind.SESSION_REPOSITORY, "sessionRepository").status())
              .isEqualTo(Status.GUARDED);
          assertThat(channel(context, Kind.HTTP_CLIENT, "apacheClient").status())
              .isEqualTo(Status.GUARDED);
          assertThat(channel(context, Kind.HTTP_CLIENT, "okHttpClient").status())
              .isEqualTo(Status.GUARDED);
          // Not created yet: the mail guard's post-processor will guard it when it is.
          EffectChannel lazy = channel(context, Kind.MAIL_SENDER, "lazyMailSender");
          assertThat(lazy.status()).isEqualTo(Status.GUARDED);
          assertThat(lazy.detail()).endsWith("when created");
          assertThat(context.getBeanFactory().containsSingleton("lazyMailSender")).isFalse();
          // Not a web application: no HTTP sessions.
          assertThat(find(context, Kind.SESSION_REPOSITORY, "servlet-sessions")).isNull();
          assertThat(inventory(context).unguarded()).isEmpty();
          assertThat(policy(context).refusal()).isNull();
        });
  }

  @Test
  void theMailGuardOffLeavesEveryMailSenderUnguardedAndRefusesTraceNamingItAndTheKey() {
    contextRunner
        .withPropertyValues("contextkit.trace.mail.enabled=false")
        .run(
            context -> {
              EffectChannel mail = channel(context, Kind.MAIL_SENDER, "mailSender");
              assertThat(mail.status()).isEqualTo(Status.UNGUARDED);
              assertThat(mail.detail())
                  .isEqualTo(
                      "no TRACE guard for mail (its guard is off: contextkit.trace.mail.enabled)");
              assertThat(channel(context, Kind.MAIL_SENDER, "lazyMailSender").status())
                  .isEqualTo(Status.UNGUARDED);
              assertThat(inventory(context).unguarded())
                  .extracting(EffectChannel::name)
                  .containsExactlyInAnyOrder("mailSender", "lazyMailSender");
              assertThat(policy(context).refusal())
                  .contains("mail-sender mailSender (no TRACE guard for mail")
                  .contains("contextkit.trace.mail.enabled")
                  .contains("contextkit.trace.safe-channels.mail-sender.mailSender=<reason>");
            });
  }

  @Test
  void aMailSenderWhoseGuardIsOffCanBeDeclaredSafe() {
    contextRunner
        .withPropertyValues(
            "contextkit.trace.mail.enabled=false",
            "contextkit.trace.safe-channels.mail-sender.mailSender=a sandbox relay",
            "contextkit.trace.safe-channels.mail-sender.lazyMailSender=never used")
        .run(
            context -> {
              EffectChannel mail = channel(context, Kind.MAIL_SENDER, "mailSender");
              assertThat(mail.status()).isEqualTo(Status.SAFE);
              assertThat(mail.detail()).isEqualTo("a sandbox relay");
              assertThat(policy(context).refusal()).isNull();
            });
  }

  @Test
  void eachOtherGuardOffLeavesOnlyItsOwnChannelUnguarded() {
    String[][] cases = {
      {"contextkit.trace.cache.enabled=false", "cache", "cacheManager"},
      {"contextkit.trace.session.enabled=false", "session-repository", "sessionRepository"},
      {"contextkit.client.httpclient5.enabled=false", "http-client", "apacheClient"},
      {"contextkit.client.okhttp.enabled=false", "http-client", "okHttpClient"},
    };
    for (String[] off : cases) {
      String key = off[0].substring(0, off[0].indexOf('='));
      contextRunner
          .withPropertyValues(off[0])
          .run(
              context -> {
                EffectChannel channel = channel(context, Kind.fromId(off[1]), off[2]);
                assertThat(channel.status()).as(off[0]).isEqualTo(Status.UNGUARDED);
                assertThat(channel.detail()).as(off[0]).contains(key);
                assertThat(inventory(context).unguarded())
                    .as(off[0])
                    .extracting(EffectChannel::name)
                    .containsExactly(off[2]);
                assertThat(policy(context).refusal())
                    .as(off[0])
                    .contains(off[1] + " " + off[2] + " (")
                    .contains("contextkit.trace.safe-channels." + off[1] + "." + off[2]);
              });
    }
  }

  @Test
  void servletSessionsAreAChannelGuardedByTheSessionFilter() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS);
    web.run(
        context -> {
          EffectChannel sessions = channel(context, Kind.SESSION_REPOSITORY, "servlet-sessions");
          assertThat(sessions.status()).isEqualTo(Status.GUARDED);
          assertThat(sessions.detail()).startsWith("contextKitTraceSessionFilter");
          assertThat(policy(context).refusal()).isNull();
        });
    web.withPropertyValues("contextkit.trace.session.enabled=false")
        .run(
            context -> {
              EffectChannel sessions =
                  channel(context, Kind.SESSION_REPOSITORY, "servlet-sessions");
              assertThat(sessions.status()).isEqualTo(Status.UNGUARDED);
              assertThat(policy(context).refusal())
                  .contains("session-repository servlet-sessions (no TRACE guard for HTTP sessions")
                  .contains("contextkit.trace.session.enabled")
                  .contains("contextkit.trace.safe-channels.session-repository.servlet-sessions");
            });
  }

  @Test
  void webFluxSessionsAreAChannelGuardedByTheWebSessionFilter() {
    ReactiveWebApplicationContextRunner reactive =
        new ReactiveWebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS)
            .withBean("webSessionManager", WebSessionManager.class, DefaultWebSessionManager::new);
    reactive.run(
        context -> {
          EffectChannel sessions = channel(context, Kind.SESSION_REPOSITORY, "webSessionManager");
          assertThat(sessions.status()).isEqualTo(Status.GUARDED);
          assertThat(sessions.detail()).startsWith("contextKitTraceWebSessionFilter");
          assertThat(find(context, Kind.SESSION_REPOSITORY, "servlet-sessions")).isNull();
          assertThat(policy(context).refusal()).isNull();
        });
    reactive
        .withPropertyValues("contextkit.trace.session.enabled=false")
        .run(
            context -> {
              assertThat(channel(context, Kind.SESSION_REPOSITORY, "webSessionManager").status())
                  .isEqualTo(Status.UNGUARDED);
              assertThat(policy(context).refusal())
                  .contains("session-repository webSessionManager (no TRACE guard for WebFlux");
            });
  }
}
