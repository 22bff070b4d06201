package io.contextkit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.spring.autoconfigure.internal.UnknownKeys;
import io.contextkit.testsupport.LogbackCapture;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every {@code contextkit.*} property no ContextKit key accounts for is named in one warning line
 * at startup, with its source and a likely meant key or its replacement; a complete, correct
 * configuration in every relaxed form produces no warning; no value is ever logged.
 */
class UnknownKeysTest {

  private static final String SECRET =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextKitAutoConfiguration.class));

  private LogbackCapture log;

  @BeforeEach
  void capture() {
    log = LogbackCapture.attach(UnknownKeys.class.getName());
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void namesATypoWithTheKeyItWasMeantToBeAndARenamedKeyWithItsReplacementInOneLine() {
    contextRunner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new MapPropertySource(
                            "app-config",
                            Map.of(
                                "contextkit.trust.internal-host", "orders.internal",
                                "contextkit.kafka.enabled", "false",
                                "contextkit.identity.account-attribute", "acct",
                                "contextkit.messaging.kafka.outbound-policy", "full",
                                "contextkit.trust.internal-hosts", "*.svc.cluster.local"))))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              List<ILoggingEvent> warnings = warnings();
              assertThat(warnings).hasSize(1);
              String line = warnings.get(0).getFormattedMessage();
              assertThat(line)
                  .doesNotContain("\n")
                  .startsWith("ContextKit ignores 4 unknown configuration keys: ")
                  .contains(
                      "contextkit.trust.internal-host (app-config; did you mean"
                          + " contextkit.trust.internal-hosts?)")
                  .contains(
                      "contextkit.kafka.enabled (app-config; renamed to"
                          + " contextkit.messaging.kafka.enabled)")
                  .contains(
                      "contextkit.identity.account-attribute (app-config; renamed to"
                          + " contextkit.identity.account-claim)")
                  .contains(
                      "contextkit.messaging.kafka.outbound-policy (app-config; removed: a record"
                          + " carries the whole context only to a topic of"
                          + " contextkit.messaging.internal-destinations")
                  // Sorted by key; the known key is not named as unknown.
                  .doesNotContain("internal-hosts (")
                  .doesNotContain("orders.internal")
                  .doesNotContain("acct");
              assertThat(line.indexOf("contextkit.identity"))
                  .isLessThan(line.indexOf("contextkit.kafka"));
              assertThat(line.indexOf("contextkit.kafka"))
                  .isLessThan(line.indexOf("contextkit.messaging"));
              assertThat(line.indexOf("contextkit.messaging"))
                  .isLessThan(line.indexOf("contextkit.trust"));
            });
  }

  @Test
  void warnsBeforeTheStartupFailureTheTypoCauses() {
    // Found on spring-petclinic: keys written under "keyz" make the active key id invalid, and
    // the application stopped before the warning that names the typo was written.
    contextRunner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new MapPropertySource(
                            "app-config",
                            Map.of(
                                "contextkit.trust.signing.active-key-id",
                                "k1",
                                "contextkit.trust.signing.keyz.k1",
                                SECRET))))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(warnings())
                  .singleElement()
                  .satisfies(
                      event ->
                          assertThat(event.getFormattedMessage())
                              .contains(
                                  "contextkit.trust.signing.keyz.k1 (app-config; did you mean"
                                      + " contextkit.trust.signing.keys.k1?)")
                              .doesNotContain(SECRET));
            });
  }

  @Test
  void namesAnUnknownEnvironmentVariableWithItsSourceButNeverItsValue() {
    contextRunner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of("CONTEXTKIT_TRUST_SIGNING_KEYZ_K1", SECRET))))
        .run(
            context -> {
              assertThat(warnings())
                  .singleElement()
                  .satisfies(
                      event ->
                          assertThat(event.getFormattedMessage())
                              .contains(
                                  "contextkit.trust.signing.keyz.k1 (test-systemEnvironment; did"
                                      + " you mean contextkit.trust.signing.keys.k1?)")
                              .doesNotContain(SECRET));
            });
  }

  @Test
  void aCompleteConfigurationInEveryRelaxedFormProducesNoWarning() {
    contextRunner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of(
                                "CONTEXTKIT_TRUST_INTERNALHOSTS", "*.svc.cluster.local",
                                "CONTEXTKIT_TRUST_TRUSTEDPEERNAMES_0_", "spiffe://gw",
                                "CONTEXTKIT_MESSAGING_KAFKA_ENABLED", "true"))))
        .withPropertyValues(
            "contextkit.enabled=true",
            "contextkit.trust.trustedPeers=10.0.0.0/8",
            "contextkit.trust.third-party-policy=traceparent-only",
            "contextkit.trust.untrusted-trace-id-mode=continue",
            "contextkit.trust.signing.keys[k1]=" + SECRET,
            "contextkit.trust.signing.keys.k2=" + SECRET,
            "contextkit.trust.signing.active-key-id=k1",
            "contextkit.trust.signing.ttl=90s",
            "contextkit.baggage.names.user-id=uid",
            "contextkit.baggage.max-members=64",
            "contextkit.request-id-header=X-Correlation-Id",
            "contextkit.identity.account-claim=acct",
            "contextkit.messaging.internal-destinations[0]=orders.*",
            "contextkit.messaging.internal-destinations[1]=audit",
            "contextkit.messaging.jms.enabled=false",
            "contextkit.trace.safe-hosts=maps.example.com",
            "contextkit.trace.synthetic-responses[api.stripe.com].status=201",
            "contextkit.trace.synthetic-responses[api.stripe.com].body={}",
            "contextkit.trace.captured-destinations=orders.secret.*",
            "contextkit.trace.mail.enabled=true",
            "contextkit.tracing.exclusive-baggage=true",
            "contextkit.dependencies.max-edges=100",
            "contextkit.flags.new-checkout.state=ENABLED",
            "contextkit.flags.new-checkout.variants.on=true",
            "contextkit.flags.new-checkout.variants.off=false",
            "contextkit.flags.new-checkout.default-variant=off",
            "contextkit.flags.evaluators.testers={\"in\":[1,[1]]}",
            "contextkit.web.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(warnings()).isEmpty();
            });
  }

  private List<ILoggingEvent> warnings() {
    return log.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }
}
