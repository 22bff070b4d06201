package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.BaggageLimits;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link ContextPropagator} from {@code quarkus.contextkit.*}. Every invalid setting
 * fails with an {@link IllegalArgumentException} whose message names the key, so a bad deployment
 * stops at startup instead of trusting the wrong peers.
 */
public final class PropagatorFactory {

  private static final String ROOT = "quarkus.contextkit.";

  private PropagatorFactory() {}

  /** The propagator the configuration describes. */
  public static ContextPropagator create(ContextKitRuntimeConfig config) {
    ContextKitRuntimeConfig.Trust trust = config.trust();
    TrustPolicy.Builder policy = TrustPolicy.builder();

    TrustedPeers.Builder peers = TrustedPeers.builder();
    List<String> addresses = trust.trustedPeers().orElse(List.of());
    for (String address : addresses) {
      checked("trust.trusted-peers", () -> peers.address(address.trim()));
    }
    for (String name : trust.trustedPeerNames().orElse(List.of())) {
      checked("trust.trusted-peer-names", () -> peers.name(name.trim()));
    }
    policy.trustedPeers(peers.build());
    policy.trustedPeerScope(trust.trustedPeerScope());

    List<String> hosts = trust.internalHosts().orElse(List.of());
    checked("trust.internal-hosts", () -> policy.internalHosts(InternalHosts.of(hosts)));
    policy.untrustedTraceIdMode(trust.untrustedTraceIdMode());
    checked("trust.third-party-policy", () -> policy.thirdPartyPolicy(trust.thirdPartyPolicy()));

    ContextKitRuntimeConfig.Signing signing = trust.signing();
    // Sorted: the error for the first bad key is the same on every start.
    Map<String, String> keys = new TreeMap<>(signing.keys());
    if (!keys.isEmpty()) {
      SigningKeys.Builder ring = SigningKeys.builder();
      for (Map.Entry<String, String> key : keys.entrySet()) {
        String property = "trust.signing.keys." + key.getKey();
        byte[] secret = checked(property, () -> Base64.getDecoder().decode(key.getValue().trim()));
        checked(property, () -> ring.key(key.getKey(), secret));
      }
      String active =
          signing
              .activeKeyId()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Invalid "
                              + ROOT
                              + "trust.signing.active-key-id: required when signing keys are"
                              + " configured; one of "
                              + keys.keySet()));
      ring.activeKeyId(active);
      SigningKeys built = checked("trust.signing.active-key-id", ring::build);
      ContextSignature.Builder signature = ContextSignature.builder(built);
      checked("trust.signing.ttl", () -> signature.ttl(signing.ttl()));
      checked("trust.signing.messaging-ttl", () -> signature.messageTtl(signing.messagingTtl()));
      checked("trust.signing.clock-skew", () -> signature.clockSkew(signing.clockSkew()));
      policy.signature(signature.build());
    } else if (signing.activeKeyId().isPresent()) {
      throw new IllegalArgumentException(
          "Invalid "
              + ROOT
              + "trust.signing.active-key-id: no key configured under "
              + ROOT
              + "trust.signing.keys");
    }

    ContextKitRuntimeConfig.BaggageCaps caps = config.baggage();
    BaggageLimits limits =
        checked(
            "baggage",
            () -> new BaggageLimits(caps.maxMembers(), caps.maxBytes(), caps.maxValueBytes()));

    ContextPropagator.Builder builder =
        ContextPropagator.builder().trustPolicy(policy.build()).baggageLimits(limits);
    checked("request-id-header", () -> builder.requestIdHeader(config.requestIdHeader()));
    return builder.build();
  }

  private static <T> T checked(String key, Step<T> step) {
    try {
      return step.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("Invalid " + ROOT + key + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Step<T> {
    T run();
  }
}
