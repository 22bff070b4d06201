package io.contextkit.quarkus.deployment;

import io.contextkit.quarkus.runtime.ContextKitBuildTimeConfig;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.quarkus.runtime.internal.ContextKitDevUiService;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * ContextKit's Dev UI card, in dev mode only: which integrations this build wired, the trust
 * boundary the configuration describes (signing key ids, never keys), and four live pages backed by
 * {@link ContextKitDevUiService} — the counters of dropped and refused input and of TRACE requests,
 * the trust boundary the running propagator enforces, the effect channels with the TRACE policy,
 * the runtime dependency map's edges, and the flag definitions served. None of these steps runs in
 * a production build.
 */
final class ContextKitDevUiProcessor {

  /** Build-time data key of the integrations table. */
  static final String INTEGRATIONS_KEY = "integrations";

  /** Build-time data key of the configured trust boundary table. */
  static final String TRUST_KEY = "trustBoundary";

  private static final Logger LOG = Logger.getLogger(ContextKitDevUiProcessor.class);

  private static final String LIVE_COMPONENT = "qwc-contextkit-live.js";

  @BuildStep(onlyIf = IsDevelopment.class)
  void card(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<CardPageBuildItem> cards) {
    if (!config.enabled()) {
      return;
    }
    Optional<ContextKitRuntimeConfig> runtime = runtimeConfig();
    List<IntegrationRow> integrations = integrations(config, capabilities, runtime);
    int active = 0;
    for (IntegrationRow row : integrations) {
      if (row.active()) {
        active++;
      }
    }
    CardPageBuildItem card = new CardPageBuildItem();
    card.addBuildTimeData(
        INTEGRATIONS_KEY, integrations, "ContextKit integrations this build wired, and why");
    card.addBuildTimeData(
        TRUST_KEY,
        configuredTrust(runtime),
        "The ContextKit trust boundary as quarkus.contextkit.* configures it (key ids only)");
    card.addPage(
        Page.tableDataPageBuilder("Integrations")
            .icon("font-awesome-solid:plug")
            .buildTimeDataKey(INTEGRATIONS_KEY)
            .showColumn("integration")
            .showColumn("active")
            .showColumn("detail")
            .staticLabel(active + "/" + integrations.size()));
    card.addPage(
        Page.tableDataPageBuilder("Configured trust boundary")
            .icon("font-awesome-solid:shield-halved")
            .buildTimeDataKey(TRUST_KEY)
            .showColumn("setting")
            .showColumn("value"));
    card.addPage(
        Page.webComponentPageBuilder()
            .title("Counters")
            .icon("font-awesome-solid:gauge")
            .componentLink(LIVE_COMPONENT)
            .metadata("method", "getCounters")
            .dynamicLabelJsonRPCMethodName("getDroppedTotal"));
    card.addPage(
        Page.webComponentPageBuilder()
            .title("Enforced trust boundary")
            .icon("font-awesome-solid:user-shield")
            .componentLink(LIVE_COMPONENT)
            .metadata("method", "getTrustBoundary"));
    card.addPage(
        Page.webComponentPageBuilder()
            .title("Effect channels")
            .icon("font-awesome-solid:door-closed")
            .componentLink(LIVE_COMPONENT)
            .metadata("method", "getEffectChannels")
            .dynamicLabelJsonRPCMethodName("getEffectChannelsLabel"));
    card.addPage(
        Page.webComponentPageBuilder()
            .title("Dependencies")
            .icon("font-awesome-solid:diagram-project")
            .componentLink(LIVE_COMPONENT)
            .metadata("method", "getDependencies")
            .dynamicLabelJsonRPCMethodName("getDependenciesLabel"));
    card.addPage(
        Page.webComponentPageBuilder()
            .title("Feature flags")
            .icon("font-awesome-solid:toggle-on")
            .componentLink(LIVE_COMPONENT)
            .metadata("method", "getFlags"));
    cards.produce(card);
  }

  @BuildStep(onlyIf = IsDevelopment.class)
  void jsonRpc(ContextKitBuildTimeConfig config, BuildProducer<JsonRPCProvidersBuildItem> rpc) {
    if (config.enabled()) {
      rpc.produce(new JsonRPCProvidersBuildItem(ContextKitDevUiService.class));
    }
  }

  /** One row per integration, with the reason it is on or off. */
  static List<IntegrationRow> integrations(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      Optional<ContextKitRuntimeConfig> runtime) {
    List<IntegrationRow> rows = new ArrayList<>();
    rows.add(
        new IntegrationRow(
            "REST server (Quarkus REST)",
            ContextKitProcessor.webEnabled(config, capabilities),
            reason(
                config.web().enabled(),
                "quarkus.contextkit.web.enabled",
                capabilities.isPresent(Capability.REST),
                "quarkus-rest")));
    rows.add(
        new IntegrationRow(
            "REST client",
            ContextKitProcessor.clientEnabled(config, capabilities),
            reason(
                config.client().enabled(),
                "quarkus.contextkit.client.enabled",
                capabilities.isPresent(Capability.REST_CLIENT_REACTIVE),
                "quarkus-rest-client")));
    rows.add(
        new IntegrationRow(
            "Kafka (SmallRye Reactive Messaging)",
            ContextKitProcessor.kafkaEnabled(config, capabilities),
            reason(
                config.messaging().kafka().enabled(),
                "quarkus.contextkit.messaging.kafka.enabled",
                capabilities.isPresent(Capability.KAFKA)
                    && capabilities.isPresent(Capability.MESSAGING),
                "quarkus-messaging-kafka")));
    rows.add(
        channel(
            "TRACE AMQP connector: messages captured or sent as TRACE",
            config.messaging().amqp().enabled(),
            "quarkus.contextkit.messaging.amqp.enabled",
            capabilities.isPresent(Capability.MESSAGING)
                && ContextKitProcessor.present(ContextKitProcessor.AMQP_CONNECTOR),
            "quarkus-messaging-amqp"));
    rows.add(
        channel(
            "TRACE JMS connector: messages captured or sent as TRACE",
            config.messaging().jms().enabled(),
            "quarkus.contextkit.messaging.jms.enabled",
            capabilities.isPresent(Capability.MESSAGING)
                && ContextKitProcessor.present(ContextKitProcessor.JMS_CONNECTOR),
            "smallrye-reactive-messaging-jms"));
    rows.add(
        channel(
            "TRACE mail captured (quarkus-mailer)",
            config.trace().mail().enabled(),
            "quarkus.contextkit.trace.mail.enabled",
            ContextKitProcessor.present(ContextKitProcessor.MAILERS.toString()),
            "quarkus-mailer"));
    rows.add(
        channel(
            "TRACE cache writes kept in the request (quarkus-cache)",
            config.trace().cache().enabled(),
            "quarkus.contextkit.trace.cache.enabled",
            capabilities.isPresent(Capability.CACHE),
            "quarkus-cache"));
    rows.add(
        channel(
            "Vert.x WebClient: context and TRACE by destination",
            config.client().webClient().enabled(),
            "quarkus.contextkit.client.web-client.enabled",
            ContextKitProcessor.present(ContextKitProcessor.WEB_CLIENT_BASE),
            "vertx-web-client"));
    rows.add(
        extension(
            "Caller identity (SecurityIdentity)",
            capabilities,
            Capability.SECURITY,
            "quarkus-security"));
    rows.add(
        extension(
            "TRACE transactions: flush, then roll back",
            capabilities,
            Capability.TRANSACTIONS,
            "quarkus-narayana-jta"));
    boolean orm =
        capabilities.isPresent(Capability.TRANSACTIONS)
            && capabilities.isPresent(Capability.HIBERNATE_ORM);
    rows.add(
        new IntegrationRow(
            "TRACE Hibernate ORM flush",
            orm,
            orm ? "on" : "off: needs quarkus-hibernate-orm and quarkus-narayana-jta"));
    rows.add(
        extension(
            "TRACE JDBC backstop below every Agroal datasource",
            capabilities,
            Capability.AGROAL,
            "quarkus-agroal"));
    rows.add(
        new IntegrationRow(
            "Tracer kept off the baggage header (quarkus-opentelemetry)",
            ContextKitProcessor.exclusiveBaggageEnabled(config, capabilities),
            reason(
                config.tracing().exclusiveBaggage(),
                "quarkus.contextkit.tracing.exclusive-baggage",
                ContextKitProcessor.openTelemetryPresent(capabilities),
                "quarkus-opentelemetry")));
    rows.add(
        new IntegrationRow(
            "Log records carry the logging thread's context",
            config.logging().enabled(),
            config.logging().enabled() ? "on" : "off: quarkus.contextkit.logging.enabled=false"));
    if (runtime.isPresent()) {
      boolean trace = runtime.get().trace().enabled();
      rows.add(
          new IntegrationRow(
              "TRACE requests served (kill switch)",
              trace,
              trace
                  ? "on: quarkus.contextkit.trace.enabled=true"
                  : "off: TRACE requests are refused with 503 (quarkus.contextkit.trace.enabled)"));
    }
    return rows;
  }

  private static IntegrationRow extension(
      String name, Capabilities capabilities, String capability, String extension) {
    boolean present = capabilities.isPresent(capability);
    return new IntegrationRow(name, present, present ? "on" : "off: needs " + extension);
  }

  private static IntegrationRow channel(
      String name, boolean switchedOn, String key, boolean present, String library) {
    return new IntegrationRow(
        name, switchedOn && present, reason(switchedOn, key, present, library));
  }

  private static String reason(
      boolean switchedOn, String key, boolean extensionPresent, String extension) {
    if (!switchedOn) {
      return "off: " + key + "=false";
    }
    return extensionPresent ? "on" : "off: needs " + extension;
  }

  /**
   * The trust boundary as the configuration states it. Dev mode rebuilds the application when the
   * configuration changes, so reading the run-time keys here shows what the next start will apply.
   * Signing keys appear by id only: the secrets are never read.
   */
  static List<SettingRow> configuredTrust(Optional<ContextKitRuntimeConfig> mapped) {
    List<SettingRow> rows = new ArrayList<>();
    if (mapped.isEmpty()) {
      rows.add(
          new SettingRow("trust", "unknown: the configuration could not be read at build time"));
      return rows;
    }
    ContextKitRuntimeConfig config = mapped.get();
    ContextKitRuntimeConfig.Trust trust = config.trust();
    rows.add(new SettingRow("trust.trusted-peers", list(trust.trustedPeers())));
    rows.add(new SettingRow("trust.trusted-peer-names", list(trust.trustedPeerNames())));
    rows.add(new SettingRow("trust.internal-hosts", list(trust.internalHosts())));
    rows.add(new SettingRow("trust.untrusted-trace-id-mode", kebab(trust.untrustedTraceIdMode())));
    rows.add(new SettingRow("trust.third-party-policy", kebab(trust.thirdPartyPolicy())));
    ContextKitRuntimeConfig.Signing signing = trust.signing();
    // Key ids only: the values are secrets and never leave this method.
    TreeSet<String> keyIds = new TreeSet<>(signing.keys().keySet());
    rows.add(new SettingRow("trust.signing.active-key-id", signing.activeKeyId().orElse("(none)")));
    rows.add(new SettingRow("trust.signing.key-ids", join(keyIds)));
    rows.add(new SettingRow("trust.signing.ttl", duration(signing.ttl())));
    rows.add(new SettingRow("trust.signing.clock-skew", duration(signing.clockSkew())));
    rows.add(
        new SettingRow(
            "messaging.internal-destinations", list(config.messaging().internalDestinations())));
    rows.add(new SettingRow("trace.safe-hosts", list(config.trace().safeHosts())));
    rows.add(new SettingRow("trace.permission", config.trace().permission()));
    return rows;
  }

  /**
   * The run-time configuration mapping, read from the build's own configuration sources (a build
   * step cannot consume a run-time root). Only the dev-mode card reads it.
   */
  static Optional<ContextKitRuntimeConfig> runtimeConfig() {
    SmallRyeConfig build = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    List<ConfigSource> sources = new ArrayList<>();
    for (ConfigSource source : build.getConfigSources()) {
      sources.add(source);
    }
    try {
      SmallRyeConfig view =
          new SmallRyeConfigBuilder()
              .withSources(sources)
              .addDefaultInterceptors()
              .withProfiles(build.getProfiles())
              .withConverter(Duration.class, 200, new DurationConverter())
              .withMapping(ContextKitRuntimeConfig.class)
              .withValidateUnknown(false)
              .build();
      return Optional.of(view.getConfigMapping(ContextKitRuntimeConfig.class));
    } catch (RuntimeException e) {
      // An invalid value: the application start reports it with its key; the card says unknown.
      LOG.debugf(e, "Dev UI card: quarkus.contextkit.* could not be read at build time");
      return Optional.empty();
    }
  }

  private static String kebab(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String duration(Duration duration) {
    return duration.toString();
  }

  private static String list(Optional<List<String>> values) {
    return values.isPresent() ? join(values.get()) : "(none)";
  }

  private static String join(Collection<String> values) {
    return values.isEmpty() ? "(none)" : String.join(", ", values);
  }

  /**
   * One row of the integrations table.
   *
   * @param integration what is wired
   * @param active whether this build wired it
   * @param detail why it is on or off
   */
  record IntegrationRow(String integration, boolean active, String detail) {}

  /**
   * One row of the configured trust boundary.
   *
   * @param setting the key below {@code quarkus.contextkit.}
   * @param value the configured value, defaults applied
   */
  record SettingRow(String setting, String value) {}
}
