package io.contextkit.quarkus.runtime.internal;

import io.contextkit.config.ContextKitSettings;
import io.contextkit.config.SettingKeys;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binding only: copies {@code quarkus.contextkit.*} onto the one settings model of context-core,
 * which {@code ContextKitFactory} and {@code TraceGuardFactory} turn into behaviour the same way as
 * in the Spring Boot starter. Converts nothing itself.
 */
public final class QuarkusSettings {

  /** SmallRye Config's names of the keys in error messages: {@code quarkus.contextkit.x.k1}. */
  public static final SettingKeys KEYS = SettingKeys.dotted("quarkus.contextkit.");

  private QuarkusSettings() {}

  /** The settings of {@code config}. */
  public static ContextKitSettings of(ContextKitRuntimeConfig config) {
    ContextKitRuntimeConfig.Trust trust = config.trust();
    ContextKitRuntimeConfig.Signing signing = trust.signing();
    ContextKitRuntimeConfig.BaggageCaps baggage = config.baggage();
    ContextKitRuntimeConfig.BaggageNames names = baggage.names();
    ContextKitRuntimeConfig.Trace trace = config.trace();
    Map<String, ContextKitSettings.Synthetic> synthetic = new LinkedHashMap<>();
    trace
        .syntheticResponses()
        .forEach(
            (pattern, s) ->
                synthetic.put(
                    pattern,
                    new ContextKitSettings.Synthetic(
                        s.status(), s.contentType(), s.body().orElse(""))));
    return new ContextKitSettings(
        config.requestIdHeader(),
        new ContextKitSettings.Trust(
            trust.trustedPeers().orElse(List.of()),
            trust.trustedPeerNames().orElse(List.of()),
            trust.trustedPeerScope(),
            trust.internalHosts().orElse(List.of()),
            trust.untrustedTraceIdMode(),
            trust.thirdPartyPolicy(),
            new ContextKitSettings.Signing(
                signing.activeKeyId().orElse(null),
                signing.keys(),
                signing.ttl(),
                signing.messagingTtl(),
                signing.clockSkew())),
        new ContextKitSettings.Baggage(
            baggage.maxMembers(),
            baggage.maxBytes(),
            baggage.maxValueBytes(),
            new ContextKitSettings.Names(
                names.userId(),
                names.accountId(),
                names.requestType(),
                names.tester(),
                names.license())),
        new ContextKitSettings.Messaging(
            config.messaging().internalDestinations().orElse(List.of())),
        new ContextKitSettings.Trace(
            trace.safeHosts().orElse(List.of()),
            synthetic,
            trace.capturedDestinations().orElse(List.of()),
            trace.permission(),
            // An explicitly empty value is Optional.empty(): the exact role only.
            trace.permissionRolePrefix().orElse("")),
        new ContextKitSettings.Identity(
            config.identity().accountClaim(),
            config.identity().testerClaim(),
            config.identity().licenseClaim(),
            config.identity().testerAccounts().orElse(List.of())));
  }
}
