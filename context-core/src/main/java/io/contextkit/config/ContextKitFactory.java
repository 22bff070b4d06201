package io.contextkit.config;

import io.contextkit.ContextField;
import io.contextkit.ContextPropagator;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.MessagingDestinations;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.BaggageLimits;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds ContextKit's behaviour from {@link ContextKitSettings}: the {@link ContextPropagator}
 * (with its {@link TrustPolicy}), the {@link MessagingDestinations} and the {@link IdentityRules}.
 * Every framework calls this one factory, so a setting means the same on every stack; the TRACE
 * guards are built by noop-storage's {@code TraceGuardFactory} from the same settings.
 *
 * <p>Every invalid value fails with an {@link InvalidSettingException} naming the full key in the
 * framework's notation ({@link SettingKeys}); a secret's value is never part of it. Decisions that
 * are the same on every stack:
 *
 * <ul>
 *   <li>signing keys are base64 or base64url (padding optional): an operator pastes what {@code
 *       openssl rand -base64 32} or a URL-safe generator printed, and both work everywhere;
 *   <li>the request id header is matched and written in lower case (header names are
 *       case-insensitive; HTTP/2 requires lower case);
 *   <li>blank entries of a list setting (a trailing comma) are ignored where an entry is a pattern
 *       of destinations, and rejected where it names a peer or host.
 * </ul>
 */
public final class ContextKitFactory {

  private ContextKitFactory() {}

  /** The propagator {@code settings} describe, with their trust policy. */
  public static ContextPropagator propagator(ContextKitSettings settings, SettingKeys keys) {
    ContextPropagator.Builder builder =
        ContextPropagator.builder()
            .trustPolicy(trustPolicy(settings.trust(), keys))
            .baggageLimits(baggageLimits(settings.baggage(), keys));
    ContextKitSettings.Names names = settings.baggage().names();
    baggageName(builder, ContextField.USER_ID, names.userId(), "user-id", keys);
    baggageName(builder, ContextField.ACCOUNT_ID, names.accountId(), "account-id", keys);
    baggageName(builder, ContextField.REQUEST_TYPE, names.requestType(), "request-type", keys);
    baggageName(builder, ContextField.TESTER, names.tester(), "tester", keys);
    baggageName(builder, ContextField.LICENSE, names.license(), "license", keys);
    String header = settings.requestIdHeader();
    try {
      builder.requestIdHeader(header.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(keys.key("request-id-header"), header, e.getMessage());
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // Two fields sharing one entry name, or a name colliding with another header's.
      throw new InvalidSettingException(keys.key("baggage.names"), null, e.getMessage());
    }
  }

  /** The trust policy of {@code trust}. */
  public static TrustPolicy trustPolicy(ContextKitSettings.Trust trust, SettingKeys keys) {
    TrustPolicy.Builder policy = TrustPolicy.builder();
    TrustedPeers.Builder peers = TrustedPeers.builder();
    eachElement(trust.trustedPeers(), "trust.trusted-peers", keys, peers::address);
    eachElement(trust.trustedPeerNames(), "trust.trusted-peer-names", keys, peers::name);
    policy.trustedPeers(peers.build());
    policy.trustedPeerScope(trust.trustedPeerScope());

    List<String> stripped = new ArrayList<>();
    eachElement(
        trust.internalHosts(),
        "trust.internal-hosts",
        keys,
        host -> {
          InternalHosts.of(host);
          stripped.add(host);
        });
    policy.internalHosts(InternalHosts.of(stripped));
    policy.untrustedTraceIdMode(trust.untrustedTraceIdMode());
    try {
      policy.thirdPartyPolicy(trust.thirdPartyPolicy());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          keys.key("trust.third-party-policy"), trust.thirdPartyPolicy(), e.getMessage());
    }
    ContextSignature signature = signature(trust.signing(), keys);
    if (signature != null) {
      policy.signature(signature);
    }
    return policy.build();
  }

  /**
   * The messaging trust boundary of {@code settings}: {@code messaging.internal-destinations},
   * blank entries ignored.
   */
  public static MessagingDestinations messagingDestinations(
      ContextKitSettings settings, SettingKeys keys) {
    return destinations(
        settings.messaging().internalDestinations(), "messaging.internal-destinations", keys);
  }

  /**
   * The destinations matching {@code patterns}, the list setting {@code relative} (for the
   * message), blank entries ignored.
   */
  public static MessagingDestinations destinations(
      List<String> patterns, String relative, SettingKeys keys) {
    List<String> nonBlank = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      if (!pattern.isBlank()) {
        nonBlank.add(pattern);
      }
    }
    try {
      return MessagingDestinations.of(nonBlank);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(keys.key(relative), patterns, e.getMessage());
    }
  }

  /**
   * How an authenticated caller fills the context and whether it may start TRACE requests: {@code
   * identity.*}, {@code trace.permission} and {@code trace.permission-role-prefix}. A blank claim
   * name or permission fails naming its key.
   */
  public static IdentityRules identityRules(ContextKitSettings settings, SettingKeys keys) {
    ContextKitSettings.Identity identity = settings.identity();
    ContextKitSettings.Trace trace = settings.trace();
    notBlank(identity.accountClaim(), "identity.account-claim", keys);
    notBlank(identity.testerClaim(), "identity.tester-claim", keys);
    notBlank(identity.licenseClaim(), "identity.license-claim", keys);
    notBlank(trace.permission(), "trace.permission", keys);
    return IdentityRules.of(
        identity.accountClaim(),
        identity.testerClaim(),
        identity.licenseClaim(),
        identity.testerAccounts(),
        trace.permission(),
        trace.permissionRolePrefix());
  }

  private static void notBlank(String value, String relative, SettingKeys keys) {
    if (value.isBlank()) {
      throw new InvalidSettingException(keys.key(relative), value, "must not be blank");
    }
  }

  private static @Nullable ContextSignature signature(
      ContextKitSettings.Signing signing, SettingKeys keys) {
    // Sorted: the error for the first bad key is the same on every start and every stack.
    Map<String, String> secrets = new TreeMap<>(signing.keys());
    String active = signing.activeKeyId();
    boolean hasActive = active != null && !active.isBlank();
    if (secrets.isEmpty()) {
      if (hasActive) {
        throw new InvalidSettingException(
            keys.key("trust.signing.active-key-id"),
            active,
            "no key configured under " + keys.key("trust.signing.keys"));
      }
      return null;
    }
    if (!hasActive) {
      throw new InvalidSettingException(
          keys.key("trust.signing.active-key-id"),
          null,
          "required when signing keys are configured; one of " + secrets.keySet());
    }
    SigningKeys.Builder ring = SigningKeys.builder();
    for (Map.Entry<String, String> entry : secrets.entrySet()) {
      String key = keys.entry("trust.signing.keys", entry.getKey());
      byte[] secret;
      try {
        secret = decodeSecret(entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(
            key, InvalidSettingException.REDACTED, "the secret is neither base64 nor base64url");
      }
      try {
        ring.key(entry.getKey(), secret);
      } catch (IllegalArgumentException e) {
        // The core's message names the key id and the length rule, never the secret.
        throw new InvalidSettingException(key, InvalidSettingException.REDACTED, e.getMessage());
      }
    }
    SigningKeys built;
    try {
      built = ring.activeKeyId(active.strip()).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidSettingException(
          keys.key("trust.signing.active-key-id"), active, e.getMessage());
    }
    ContextSignature.Builder signature = ContextSignature.builder(built);
    try {
      signature.ttl(signing.ttl());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          keys.key("trust.signing.ttl"), signing.ttl(), e.getMessage());
    }
    try {
      signature.messageTtl(signing.messagingTtl());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          keys.key("trust.signing.messaging-ttl"), signing.messagingTtl(), e.getMessage());
    }
    try {
      signature.clockSkew(signing.clockSkew());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          keys.key("trust.signing.clock-skew"), signing.clockSkew(), e.getMessage());
    }
    return signature.build();
  }

  /**
   * The bytes of a secret written in base64 or base64url, padding optional. The two alphabets
   * differ only in {@code +/} versus {@code -_}, so a secret holding either pair is read with that
   * alphabet; one holding neither reads the same in both.
   *
   * @throws IllegalArgumentException when {@code value} is neither
   */
  public static byte[] decodeSecret(String value) {
    String trimmed = value.strip();
    if (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0) {
      return Base64.getUrlDecoder().decode(trimmed);
    }
    return Base64.getDecoder().decode(trimmed);
  }

  /**
   * Applies {@code step} to each element of the list setting {@code relative}, stripped; an element
   * {@code step} rejects fails naming its index.
   */
  public static void eachElement(
      List<String> values, String relative, SettingKeys keys, Consumer<String> step) {
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      try {
        step.accept(value.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(keys.element(relative, i), value, e.getMessage());
      }
    }
  }

  private static BaggageLimits baggageLimits(ContextKitSettings.Baggage baggage, SettingKeys keys) {
    try {
      return new BaggageLimits(baggage.maxMembers(), baggage.maxBytes(), baggage.maxValueBytes());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          keys.key("baggage"),
          baggage.maxMembers() + "/" + baggage.maxBytes() + "/" + baggage.maxValueBytes(),
          e.getMessage());
    }
  }

  private static void baggageName(
      ContextPropagator.Builder builder,
      ContextField field,
      String name,
      String relative,
      SettingKeys keys) {
    try {
      builder.baggageName(field, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          keys.key("baggage.names." + relative), name, e.getMessage());
    }
  }
}
