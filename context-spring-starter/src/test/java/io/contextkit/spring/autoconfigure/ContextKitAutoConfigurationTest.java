package io.contextkit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.internal.ExclusiveBaggagePropagator;
import io.contextkit.spring.autoconfigure.internal.ExclusiveBaggagePostProcessor;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.TraceIdMode;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ContextKitAutoConfigurationTest {

  private static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextKitAutoConfiguration.class));

  @Test
  void suppliesPropagatorWithSecureDefaults() {
    contextRunner.run(
        context -> {
          assertThat(context).hasSingleBean(ContextPropagator.class);
          ContextPropagator propagator = context.getBean(ContextPropagator.class);
          assertThat(propagator.trustPolicy().trustedPeers().isEmpty()).isTrue();
          assertThat(propagator.trustPolicy().signature()).isEmpty();
          assertThat(propagator.trustPolicy().untrustedTraceIdMode())
              .isEqualTo(TraceIdMode.RESTART);
          assertThat(propagator.trustPolicy().outboundPolicy(URI.create("http://example.com")))
              .isEqualTo(OutboundPolicy.TRACE_CONTEXT);
        });
  }

  @Test
  void thirdPartyPolicyNamesEachOutboundPolicyAThirdPartyMayGet() {
    for (String[] setting :
        new String[][] {
          {"trace-context", "TRACE_CONTEXT"},
          {"traceparent-only", "TRACEPARENT_ONLY"},
          {"none", "NONE"}
        }) {
      contextRunner
          .withPropertyValues("contextkit.trust.third-party-policy=" + setting[0])
          .run(
              context ->
                  assertThat(
                          context
                              .getBean(ContextPropagator.class)
                              .trustPolicy()
                              .outboundPolicy(URI.create("https://example.com/x")))
                      .isEqualTo(OutboundPolicy.valueOf(setting[1])));
    }
    contextRunner
        .withPropertyValues("contextkit.trust.third-party-policy=full")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void buildsTrustPolicyFromProperties() {
    contextRunner
        .withPropertyValues(
            "contextkit.trust.trusted-peers=10.0.0.0/8,::1",
            "contextkit.trust.trusted-peer-names=spiffe://prod/api",
            "contextkit.trust.internal-hosts=*.svc.cluster.local,localhost",
            "contextkit.trust.untrusted-trace-id-mode=continue",
            "contextkit.trust.third-party-policy=none",
            "contextkit.trust.signing.active-key-id=k1",
            "contextkit.trust.signing.keys.k1=" + SECRET,
            "contextkit.trust.signing.ttl=2m",
            "contextkit.trust.signing.messaging-ttl=6h",
            "contextkit.trust.signing.clock-skew=5s",
            "contextkit.baggage.max-members=80",
            "contextkit.baggage.names.user-id=uid")
        .run(
            context -> {
              ContextPropagator propagator = context.getBean(ContextPropagator.class);
              var policy = propagator.trustPolicy();
              assertThat(policy.trustedPeers().matches(InboundPeer.ofAddress("10.1.2.3"))).isTrue();
              assertThat(policy.trustedPeers().matches(InboundPeer.ofName("spiffe://prod/api")))
                  .isTrue();
              assertThat(policy.trustedPeers().matches(InboundPeer.ofAddress("192.168.0.1")))
                  .isFalse();
              assertThat(policy.outboundPolicy(URI.create("http://a.svc.cluster.local/x")))
                  .isEqualTo(OutboundPolicy.FULL);
              assertThat(policy.outboundPolicy(URI.create("https://example.com/x")))
                  .isEqualTo(OutboundPolicy.NONE);
              assertThat(policy.untrustedTraceIdMode()).isEqualTo(TraceIdMode.CONTINUE);
              assertThat(policy.signature()).isPresent();
              assertThat(policy.signature().get().ttl()).hasMinutes(2);
              assertThat(policy.signature().get().messageTtl()).hasHours(6);
              assertThat(policy.signature().get().clockSkew()).hasSeconds(5);
              assertThat(propagator.baggageLimits().maxMembers()).isEqualTo(80);
              assertThat(propagator.baggageName(io.contextkit.ContextField.USER_ID))
                  .isEqualTo("uid");
            });
  }

  @Test
  void backsOffWhenUserDefinesPropagator() {
    contextRunner
        .withUserConfiguration(UserPropagator.class)
        .run(
            context ->
                assertThat(context.getBean(ContextPropagator.class))
                    .isSameAs(UserPropagator.INSTANCE));
  }

  @Test
  void keepsTheTracersPropagatorsOffBaggage() {
    contextRunner
        .withUserConfiguration(TracerPropagators.class)
        .run(
            context ->
                assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator())
                    .isInstanceOf(ExclusiveBaggagePropagator.class));
  }

  @Test
  void leavesTheTracersPropagatorsAloneWhenExclusiveBaggageIsOff() {
    contextRunner
        .withUserConfiguration(TracerPropagators.class)
        .withPropertyValues("contextkit.tracing.exclusive-baggage=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ExclusiveBaggagePostProcessor.class);
              assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator())
                  .isSameAs(W3CBaggagePropagator.getInstance());
            });
  }

  @Test
  void offWhenDisabled() {
    contextRunner
        .withPropertyValues("contextkit.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ContextPropagator.class);
              assertThat(context).doesNotHaveBean(ExclusiveBaggagePostProcessor.class);
            });
  }

  @Test
  void failsStartupNamingTheInvalidPeerKey() {
    contextRunner
        .withPropertyValues("contextkit.trust.trusted-peers=10.0.0.0/8,gateway.example.com")
        .run(
            context ->
                assertThat(findInvalidProperty(context.getStartupFailure()))
                    .isEqualTo("contextkit.trust.trusted-peers[1]"));
  }

  @Test
  void failsStartupNamingTheInvalidInternalHost() {
    contextRunner
        .withPropertyValues("contextkit.trust.internal-hosts=ok.example,10.0.0.0/99")
        .run(
            context ->
                assertThat(findInvalidProperty(context.getStartupFailure()))
                    .isEqualTo("contextkit.trust.internal-hosts[1]"));
  }

  @Test
  void failsStartupOnShortSecretWithoutEchoingIt() {
    contextRunner
        .withPropertyValues(
            "contextkit.trust.signing.active-key-id=k1",
            "contextkit.trust.signing.keys.k1=c2hvcnQ=")
        .run(
            context -> {
              InvalidConfigurationPropertyValueException e = find(context.getStartupFailure());
              assertThat(e.getName()).isEqualTo("contextkit.trust.signing.keys[k1]");
              assertThat(e.getValue()).isEqualTo("<redacted>");
              assertThat(e.getMessage()).doesNotContain("c2hvcnQ=");
            });
  }

  @Test
  void failsStartupNamingAMessagingTtlBeyondOneDay() {
    contextRunner
        .withPropertyValues(
            "contextkit.trust.signing.active-key-id=k1",
            "contextkit.trust.signing.keys.k1=" + SECRET,
            "contextkit.trust.signing.messaging-ttl=2d")
        .run(
            context ->
                assertThat(findInvalidProperty(context.getStartupFailure()))
                    .isEqualTo("contextkit.trust.signing.messaging-ttl"));
  }

  @Test
  void failsStartupWhenActiveKeyIsMissing() {
    contextRunner
        .withPropertyValues("contextkit.trust.signing.keys.k1=" + SECRET)
        .run(
            context ->
                assertThat(findInvalidProperty(context.getStartupFailure()))
                    .isEqualTo("contextkit.trust.signing.active-key-id"));
  }

  @Test
  void failsStartupOnBaggageLimitBelowOne() {
    contextRunner
        .withPropertyValues("contextkit.baggage.max-bytes=0")
        .run(
            context ->
                assertThat(findInvalidProperty(context.getStartupFailure()))
                    .isEqualTo("contextkit.baggage"));
  }

  @Test
  void failsStartupOnUnknownTraceIdMode() {
    contextRunner
        .withPropertyValues("contextkit.trust.untrusted-trace-id-mode=sometimes")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("contextkit.trust.untrusted-trace-id-mode"));
  }

  private static String findInvalidProperty(Throwable failure) {
    return find(failure).getName();
  }

  private static InvalidConfigurationPropertyValueException find(Throwable failure) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof InvalidConfigurationPropertyValueException e) {
        return e;
      }
      t = t.getCause();
    }
    throw new AssertionError("no InvalidConfigurationPropertyValueException in " + failure);
  }

  @Configuration(proxyBeanMethods = false)
  static class UserPropagator {
    static final ContextPropagator INSTANCE = ContextPropagator.defaults();

    @Bean
    ContextPropagator myPropagator() {
      return INSTANCE;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TracerPropagators {
    @Bean
    ContextPropagators tracerPropagators() {
      return ContextPropagators.create(W3CBaggagePropagator.getInstance());
    }
  }
}
