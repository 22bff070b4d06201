package io.contextkit.spring.autoconfigure.internal;

import io.contextkit.ContextField;
import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.BaggageLimits;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the {@link ContextPropagator} from {@link ContextKitProperties}. Every invalid value fails
 * with an {@link InvalidConfigurationPropertyValueException} naming the key, which Boot's failure
 * analyzer reports at startup. Secrets never appear in a message.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class PropagatorFactory {

  private static final String PREFIX = "contextkit.";

  private PropagatorFactory() {}

  /** The propagator the properties describe. */
  public static ContextPropagator create(ContextKitProperties properties) {
    ContextKitProperties.Trust trust = properties.getTrust();
    TrustPolicy.Builder policy = TrustPolicy.builder();

    TrustedPeers.Builder peers = TrustedPeers.builder();
    addEach(trust.getTrustedPeers(), "trust.trusted-peers", peers::address);
    addEach(trust.getTrustedPeerNames(), "trust.trusted-peer-names", peers::name);
    policy.trustedPeers(peers.build());
    policy.trustedPeerScope(trust.getTrustedPeerScope());

    List<String> hosts = trust.getInternalHosts();
    for (int i = 0; i < hosts.size(); i++) {
      String pattern = hosts.get(i);
      try {
        InternalHosts.of(pattern);
      } catch (IllegalArgumentException e) {
        throw invalid("trust.internal-hosts[" + i + "]", pattern, e);
      }
    }
    policy.internalHosts(InternalHosts.of(hosts));
    policy.untrustedTraceIdMode(trust.getUntrustedTraceIdMode());
    policy.thirdPartyPolicy(
        switch (trust.getThirdPartyPolicy()) {
          case TRACE_CONTEXT -> OutboundPolicy.TRACE_CONTEXT;
          case TRACEPARENT_ONLY -> OutboundPolicy.TRACEPARENT_ONLY;
          case NONE -> OutboundPolicy.NONE;
        });

    ContextKitProperties.Signing signing = trust.getSigning();
    if (!signing.getKeys().isEmpty() || signing.getActiveKeyId() != null) {
      policy.signature(signature(signing));
    }

    ContextKitProperties.Baggage baggage = properties.getBaggage();
    BaggageLimits limits;
    try {
      limits =
          new BaggageLimits(
              baggage.getMaxMembers(), baggage.getMaxBytes(), baggage.getMaxValueBytes());
    } catch (IllegalArgumentException e) {
      throw invalid(
          "baggage",
          baggage.getMaxMembers() + "/" + baggage.getMaxBytes() + "/" + baggage.getMaxValueBytes(),
          e);
    }

    ContextPropagator.Builder builder =
        ContextPropagator.builder().trustPolicy(policy.build()).baggageLimits(limits);
    ContextKitProperties.Names names = baggage.getNames();
    baggageName(builder, ContextField.USER_ID, names.getUserId(), "user-id");
    baggageName(builder, ContextField.ACCOUNT_ID, names.getAccountId(), "account-id");
    baggageName(builder, ContextField.REQUEST_TYPE, names.getRequestType(), "request-type");
    baggageName(builder, ContextField.TESTER, names.getTester(), "tester");
    baggageName(builder, ContextField.LICENSE, names.getLicense(), "license");
    try {
      builder.requestIdHeader(properties.getRequestIdHeader().toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("request-id-header", properties.getRequestIdHeader(), e);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw invalid("baggage.names", "", e);
    }
  }

  private static ContextSignature signature(ContextKitProperties.Signing signing) {
    String active = signing.getActiveKeyId();
    if (active == null || active.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "trust.signing.active-key-id",
          null,
          "An active key id is required when signing keys are configured");
    }
    SigningKeys.Builder keys = SigningKeys.builder();
    for (Map.Entry<String, String> entry : signing.getKeys().entrySet()) {
      String key = "trust.signing.keys[" + entry.getKey() + "]";
      byte[] secret;
      try {
        secret = decode(entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            PREFIX + key, "<redacted>", "The secret is not valid base64");
      }
      try {
        keys.key(entry.getKey(), secret);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            PREFIX + key, "<redacted>", e.getMessage());
      }
    }
    SigningKeys ring;
    try {
      ring = keys.activeKeyId(active).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw invalid("trust.signing.active-key-id", active, e);
    }
    ContextSignature.Builder signature = ContextSignature.builder(ring);
    try {
      signature.ttl(signing.getTtl());
    } catch (IllegalArgumentException e) {
      throw invalid("trust.signing.ttl", signing.getTtl(), e);
    }
    try {
      signature.messageTtl(signing.getMessagingTtl());
    } catch (IllegalArgumentException e) {
      throw invalid("trust.signing.messaging-ttl", signing.getMessagingTtl(), e);
    }
    try {
      signature.clockSkew(signing.getClockSkew());
    } catch (IllegalArgumentException e) {
      throw invalid("trust.signing.clock-skew", signing.getClockSkew(), e);
    }
    return signature.build();
  }

  private static byte[] decode(String value) {
    String trimmed = value.trim();
    if (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0) {
      return Base64.getUrlDecoder().decode(trimmed);
    }
    return Base64.getDecoder().decode(trimmed);
  }

  private static void baggageName(
      ContextPropagator.Builder builder, ContextField field, String name, String key) {
    try {
      builder.baggageName(field, name);
    } catch (IllegalArgumentException e) {
      throw invalid("baggage.names." + key, name, e);
    }
  }

  private static void addEach(
      List<String> values, String key, java.util.function.Consumer<String> adder) {
    for (int i = 0; i < values.size(); i++) {
      try {
        adder.accept(values.get(i));
      } catch (IllegalArgumentException e) {
        throw invalid(key + "[" + i + "]", values.get(i), e);
      }
    }
  }

  private static InvalidConfigurationPropertyValueException invalid(
      String key, Object value, RuntimeException cause) {
    // The reason carries the core's message, which names the offending entry; the exception's
    // cause is fixed by its constructor, so the original is not chained.
    return new InvalidConfigurationPropertyValueException(PREFIX + key, value, cause.getMessage());
  }
}
