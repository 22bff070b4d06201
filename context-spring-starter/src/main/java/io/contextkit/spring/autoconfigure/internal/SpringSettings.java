package io.contextkit.spring.autoconfigure.internal;

import io.contextkit.config.ContextKitSettings;
import io.contextkit.config.InvalidSettingException;
import io.contextkit.config.SettingKeys;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingProperties;
import io.contextkit.spring.autoconfigure.trace.TraceProperties;
import io.contextkit.trust.OutboundPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Binding only: copies the bound {@code contextkit.*} properties onto the one settings model of
 * context-core, which {@code ContextKitFactory} and {@code TraceGuardFactory} turn into behaviour
 * the same way as on Quarkus. Converts nothing itself.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class SpringSettings {

  /** Spring Boot's names of the keys in error messages: {@code contextkit.trust.keys[k1]}. */
  public static final SettingKeys KEYS = SettingKeys.bracketed("contextkit.");

  private SpringSettings() {}

  /**
   * The settings of the bound properties; a part whose properties are not bound (its
   * auto-configuration is off) has its defaults.
   */
  public static ContextKitSettings of(
      @Nullable ContextKitProperties properties,
      @Nullable ContextKitMessagingProperties messaging,
      @Nullable TraceProperties trace) {
    ContextKitSettings defaults = ContextKitSettings.defaults();
    return new ContextKitSettings(
        properties == null ? defaults.requestIdHeader() : properties.getRequestIdHeader(),
        properties == null ? defaults.trust() : trust(properties.getTrust()),
        properties == null ? defaults.baggage() : baggage(properties.getBaggage()),
        messaging == null
            ? defaults.messaging()
            : new ContextKitSettings.Messaging(messaging.getInternalDestinations()),
        trace(trace, properties),
        properties == null ? defaults.identity() : identity(properties.getIdentity()));
  }

  /**
   * Runs {@code step}, reporting an invalid setting as Boot's {@link
   * InvalidConfigurationPropertyValueException}, which its failure analyzer shows at startup.
   */
  public static <T> T boot(Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidSettingException e) {
      throw new InvalidConfigurationPropertyValueException(e.key(), e.value(), e.reason());
    }
  }

  private static ContextKitSettings.Trust trust(ContextKitProperties.Trust trust) {
    ContextKitProperties.Signing signing = trust.getSigning();
    return new ContextKitSettings.Trust(
        trust.getTrustedPeers(),
        trust.getTrustedPeerNames(),
        trust.getTrustedPeerScope(),
        trust.getInternalHosts(),
        trust.getUntrustedTraceIdMode(),
        OutboundPolicy.valueOf(trust.getThirdPartyPolicy().name()),
        new ContextKitSettings.Signing(
            signing.getActiveKeyId(),
            signing.getKeys(),
            signing.getTtl(),
            signing.getMessagingTtl(),
            signing.getClockSkew()));
  }

  private static ContextKitSettings.Baggage baggage(ContextKitProperties.Baggage baggage) {
    ContextKitProperties.Names names = baggage.getNames();
    return new ContextKitSettings.Baggage(
        baggage.getMaxMembers(),
        baggage.getMaxBytes(),
        baggage.getMaxValueBytes(),
        new ContextKitSettings.Names(
            names.getUserId(),
            names.getAccountId(),
            names.getRequestType(),
            names.getTester(),
            names.getLicense()));
  }

  /**
   * {@code trace.*}: the TRACE guards' part from {@link TraceProperties}, the permission from
   * {@link ContextKitProperties.Trace}; either part defaults when its properties are not bound.
   */
  private static ContextKitSettings.Trace trace(
      @Nullable TraceProperties trace, @Nullable ContextKitProperties properties) {
    ContextKitSettings.Trace defaults = ContextKitSettings.Trace.defaults();
    ContextKitSettings.Trace guards = trace == null ? defaults : trace(trace);
    if (properties == null) {
      return guards;
    }
    ContextKitProperties.Trace permission = properties.getTrace();
    return new ContextKitSettings.Trace(
        guards.safeHosts(),
        guards.syntheticResponses(),
        guards.capturedDestinations(),
        permission.getPermission(),
        permission.getPermissionRolePrefix());
  }

  private static ContextKitSettings.Identity identity(ContextKitProperties.Identity identity) {
    return new ContextKitSettings.Identity(
        identity.getAccountClaim(),
        identity.getTesterClaim(),
        identity.getLicenseClaim(),
        identity.getTesterAccounts());
  }

  private static ContextKitSettings.Trace trace(TraceProperties trace) {
    Map<String, ContextKitSettings.Synthetic> synthetic = new LinkedHashMap<>();
    trace
        .getSyntheticResponses()
        .forEach(
            (pattern, s) ->
                synthetic.put(
                    pattern,
                    new ContextKitSettings.Synthetic(
                        s.getStatus(), s.getContentType(), s.getBody())));
    ContextKitSettings.Trace defaults = ContextKitSettings.Trace.defaults();
    return new ContextKitSettings.Trace(
        trace.getSafeHosts(),
        synthetic,
        trace.getCapturedDestinations(),
        defaults.permission(),
        defaults.permissionRolePrefix());
  }
}
