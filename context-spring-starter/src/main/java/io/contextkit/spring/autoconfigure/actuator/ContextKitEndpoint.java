package io.contextkit.spring.autoconfigure.actuator;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TracePolicy;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.trace.internal.TracePolicyHolder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only {@code contextkit} actuator endpoint: the trust boundary (trusted peers and peer
 * names, internal hosts, untrusted trace-id mode, third-party policy, the signing key ids — never a
 * secret), the baggage limits and names, which integrations are active, every counter of {@link
 * ContextKit#counters()} by its metric name, and the TRACE policy with the inventory of effect
 * channels (each guarded, declared safe or unguarded, and why).
 */
@Endpoint(id = "contextkit")
public final class ContextKitEndpoint {

  /** Integration name to the bean whose presence shows it is active. */
  private static final String[][] INTEGRATIONS = {
    {"web-mvc", "contextKitInboundFilter"},
    {"identity", "contextKitIdentityFilter"},
    {"security", "contextKitIdentityResolver"},
    {"http-clients", "contextKitClientBeanPostProcessor"},
    {"rest-client", "contextKitRestClientCustomizer"},
    {"rest-template", "contextKitRestTemplateCustomizer"},
    {"web-client", "contextKitWebClientCustomizer"},
    {"executors", "contextKitExecutorBeanPostProcessor"},
    {"micrometer-context-propagation", "contextKitThreadLocalAccessor"},
    {"logging", "contextKitLogbackApplicationFields"},
    {"kafka", "contextKitKafkaPostProcessor"},
    {"jms", "contextKitJmsPostProcessor"},
    {"amqp", "contextKitAmqpPostProcessor"},
    {"feature-flags", "contextKitOpenFeatureRegistration"},
    {"metrics", "contextKitMeterBinder"}
  };

  private final ContextKitProperties properties;
  private final ListableBeanFactory beans;

  ContextKitEndpoint(ContextKitProperties properties, ListableBeanFactory beans) {
    this.properties = properties;
    this.beans = beans;
  }

  private @Nullable TraceDescriptor trace() {
    TracePolicyHolder holder = beans.getBeanProvider(TracePolicyHolder.class).getIfAvailable();
    if (holder == null) {
      return null;
    }
    TracePolicy policy = holder.get();
    EffectChannelInventory inventory = policy.inventory();
    List<ChannelDescriptor> channels = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<String> unused = List.of();
    if (inventory != null) {
      for (EffectChannel channel : inventory.channels()) {
        channels.add(
            new ChannelDescriptor(
                channel.kind().id(),
                channel.name(),
                channel.status().name(),
                channel.detail(),
                inventory.keys().safeChannel(channel.kind(), channel.name())));
      }
      for (EffectChannel.Status status : EffectChannel.Status.values()) {
        counts.put(status.name(), inventory.count(status));
      }
      unused = inventory.unusedSafeDeclarations();
    }
    return new TraceDescriptor(
        policy.enabled(),
        policy.onUnguarded().name().toLowerCase(java.util.Locale.ROOT),
        inventory != null,
        counts,
        channels,
        unused);
  }

  /** The current configuration and counters. */
  @ReadOperation
  public ContextKitDescriptor contextkit() {
    ContextKitProperties.Trust trust = properties.getTrust();
    ContextKitProperties.Signing signing = trust.getSigning();
    ContextKitProperties.Baggage baggage = properties.getBaggage();
    ContextKitProperties.Names names = baggage.getNames();
    Map<String, String> baggageNames = new LinkedHashMap<>();
    baggageNames.put("user_id", names.getUserId());
    baggageNames.put("account_id", names.getAccountId());
    baggageNames.put("request_type", names.getRequestType());
    baggageNames.put("tester", names.getTester());
    baggageNames.put("license", names.getLicense());
    Map<String, Boolean> integrations = new LinkedHashMap<>();
    for (String[] integration : INTEGRATIONS) {
      integrations.put(integration[0], beans.containsBean(integration[1]));
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    ContextCounters all = ContextKit.counters();
    for (ContextCounters.Counter counter : ContextCounters.Counter.values()) {
      counters.put(counter.metricName(), all.get(counter));
    }
    return new ContextKitDescriptor(
        properties.getRequestIdHeader(),
        new TrustDescriptor(
            List.copyOf(trust.getTrustedPeers()),
            List.copyOf(trust.getTrustedPeerNames()),
            List.copyOf(trust.getInternalHosts()),
            trust.getUntrustedTraceIdMode().name(),
            trust.getThirdPartyPolicy().name(),
            new SigningDescriptor(
                signing.getActiveKeyId(),
                // Key ids only: the secrets never leave the properties.
                new ArrayList<>(signing.getKeys().keySet()),
                signing.getTtl().toString(),
                signing.getMessagingTtl().toString(),
                signing.getClockSkew().toString())),
        new BaggageDescriptor(
            baggage.getMaxMembers(),
            baggage.getMaxBytes(),
            baggage.getMaxValueBytes(),
            baggageNames),
        properties.getTrace().getPermission(),
        integrations,
        counters,
        trace());
  }

  /**
   * What the endpoint returns.
   *
   * @param requestIdHeader the request id header
   * @param trust the trust boundary
   * @param baggage baggage limits and entry names
   * @param tracePermission the authority that allows a caller to send a TRACE request
   * @param integrations integration name to whether it is active
   * @param counters counter metric name to its value
   * @param trace the TRACE policy and the effect channels, or null when TRACE is not wired
   */
  public record ContextKitDescriptor(
      String requestIdHeader,
      TrustDescriptor trust,
      BaggageDescriptor baggage,
      String tracePermission,
      Map<String, Boolean> integrations,
      Map<String, Long> counters,
      @Nullable TraceDescriptor trace) {}

  /**
   * The TRACE policy and the inventory of effect channels.
   *
   * @param enabled whether TRACE requests are served at all ({@code contextkit.trace.enabled})
   * @param unguardedChannels {@code refuse} or {@code warn}
   * @param inventoryBuilt false only while the application is still starting
   * @param counts status (GUARDED, SAFE, UNGUARDED) to how many channels have it
   * @param channels every channel, by kind then name
   * @param unusedSafeDeclarations keys of safe declarations that name no channel
   */
  public record TraceDescriptor(
      boolean enabled,
      String unguardedChannels,
      boolean inventoryBuilt,
      Map<String, Integer> counts,
      List<ChannelDescriptor> channels,
      List<String> unusedSafeDeclarations) {}

  /**
   * One effect channel.
   *
   * @param kind the kind id, e.g. {@code mail-sender}
   * @param name the bean (or routing target) name
   * @param status GUARDED, SAFE or UNGUARDED
   * @param detail which guard, the reason it is safe, or why it is not guarded
   * @param safeKey the key that declares it safe
   */
  public record ChannelDescriptor(
      String kind, String name, String status, String detail, String safeKey) {}

  /**
   * The trust boundary.
   *
   * @param trustedPeers trusted peer addresses and CIDR blocks
   * @param trustedPeerNames trusted authenticated peer names
   * @param internalHosts outbound destinations inside the boundary
   * @param untrustedTraceIdMode CONTINUE or RESTART
   * @param thirdPartyPolicy TRACE_CONTEXT, TRACEPARENT_ONLY or NONE
   * @param signing the context signature, without secrets
   */
  public record TrustDescriptor(
      List<String> trustedPeers,
      List<String> trustedPeerNames,
      List<String> internalHosts,
      String untrustedTraceIdMode,
      String thirdPartyPolicy,
      SigningDescriptor signing) {}

  /**
   * The context signature, without secrets.
   *
   * @param activeKeyId the key that signs, or {@code null} when signing is off
   * @param keyIds the ids of every verifying key
   * @param ttl signature validity on requests (ISO-8601)
   * @param messagingTtl signature validity on messages (ISO-8601)
   * @param clockSkew tolerated clock difference (ISO-8601)
   */
  public record SigningDescriptor(
      @Nullable String activeKeyId,
      List<String> keyIds,
      String ttl,
      String messagingTtl,
      String clockSkew) {}

  /**
   * Baggage limits and entry names.
   *
   * @param maxMembers the member cap
   * @param maxBytes the header size cap
   * @param maxValueBytes the value size cap
   * @param names context field to baggage entry name
   */
  public record BaggageDescriptor(
      int maxMembers, int maxBytes, int maxValueBytes, Map<String, String> names) {}
}
