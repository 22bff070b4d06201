package io.contextkit.spring.autoconfigure.actuator;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
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
 * secret), the baggage limits and names, which integrations are active, and every counter of {@link
 * ContextKit#counters()} by its metric name.
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
                signing.getClockSkew().toString())),
        new BaggageDescriptor(
            baggage.getMaxMembers(),
            baggage.getMaxBytes(),
            baggage.getMaxValueBytes(),
            baggageNames),
        properties.getTrace().getPermission(),
        integrations,
        counters);
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
   */
  public record ContextKitDescriptor(
      String requestIdHeader,
      TrustDescriptor trust,
      BaggageDescriptor baggage,
      String tracePermission,
      Map<String, Boolean> integrations,
      Map<String, Long> counters) {}

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
   * @param ttl signature validity (ISO-8601)
   * @param clockSkew tolerated clock difference (ISO-8601)
   */
  public record SigningDescriptor(
      @Nullable String activeKeyId, List<String> keyIds, String ttl, String clockSkew) {}

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
