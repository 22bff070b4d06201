package io.contextkit.config;

import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustedPeerScope;
import io.contextkit.w3c.BaggageLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of ContextKit that become behaviour (the propagator, the trust policy, the TRACE
 * guards, the messaging trust boundary), one tree for every framework: each leaf is the setting of
 * the same name below {@code contextkit.} (Spring Boot) and {@code quarkus.contextkit.} (Quarkus).
 * Values are taken as bound, unvalidated; {@link ContextKitFactory} validates them, once for every
 * stack. Immutable; lists and maps are copied ({@code null} is empty), list elements stripped.
 *
 * @param requestIdHeader {@code request-id-header}: the header carrying the request id (any case;
 *     header names are case-insensitive, ContextKit uses the lower-case form)
 * @param trust {@code trust.*}
 * @param baggage {@code baggage.*}
 * @param messaging {@code messaging.*}
 * @param trace {@code trace.*}
 * @param identity {@code identity.*}
 */
public record ContextKitSettings(
    String requestIdHeader,
    Trust trust,
    Baggage baggage,
    Messaging messaging,
    Trace trace,
    Identity identity) {

  /** The default request id header. */
  public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-Id";

  public ContextKitSettings {
    Objects.requireNonNull(requestIdHeader, "requestIdHeader");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(baggage, "baggage");
    Objects.requireNonNull(messaging, "messaging");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(identity, "identity");
  }

  /** The defaults of every setting: nobody trusted, no internal host, nothing signed. */
  public static ContextKitSettings defaults() {
    return new ContextKitSettings(
        DEFAULT_REQUEST_ID_HEADER,
        Trust.defaults(),
        Baggage.defaults(),
        Messaging.defaults(),
        Trace.defaults(),
        Identity.defaults());
  }

  /**
   * {@code trust.*}: the trust boundary, inbound and outbound.
   *
   * @param trustedPeers {@code trusted-peers}: addresses or CIDR blocks accepted without signature
   * @param trustedPeerNames {@code trusted-peer-names}: authenticated peer names accepted so
   * @param trustedPeerScope {@code trusted-peer-scope}
   * @param internalHosts {@code internal-hosts}: outbound host patterns receiving the full context
   * @param untrustedTraceIdMode {@code untrusted-trace-id-mode}
   * @param thirdPartyPolicy {@code third-party-policy}: never {@link OutboundPolicy#FULL}
   * @param signing {@code signing.*}
   */
  public record Trust(
      List<String> trustedPeers,
      List<String> trustedPeerNames,
      TrustedPeerScope trustedPeerScope,
      List<String> internalHosts,
      TraceIdMode untrustedTraceIdMode,
      OutboundPolicy thirdPartyPolicy,
      Signing signing) {

    public Trust {
      trustedPeers = copy(trustedPeers);
      trustedPeerNames = copy(trustedPeerNames);
      Objects.requireNonNull(trustedPeerScope, "trustedPeerScope");
      internalHosts = copy(internalHosts);
      Objects.requireNonNull(untrustedTraceIdMode, "untrustedTraceIdMode");
      Objects.requireNonNull(thirdPartyPolicy, "thirdPartyPolicy");
      Objects.requireNonNull(signing, "signing");
    }

    /** Nobody trusted inbound, every host a third party, no signing. */
    public static Trust defaults() {
      return new Trust(
          List.of(),
          List.of(),
          TrustedPeerScope.ALL_FIELDS,
          List.of(),
          TraceIdMode.RESTART,
          OutboundPolicy.TRACE_CONTEXT,
          Signing.defaults());
    }
  }

  /**
   * {@code trust.signing.*}: the HMAC-SHA256 signature between the services of one deployment.
   *
   * @param activeKeyId {@code active-key-id}: the key that signs; required with keys
   * @param keys {@code keys.<id>}: secrets by key id, base64 or base64url, at least 32 bytes
   * @param ttl {@code ttl}: how long a signature on a request stays valid
   * @param messagingTtl {@code messaging-ttl}: how long a signature on a message stays valid
   * @param clockSkew {@code clock-skew}: tolerated clock difference between services
   */
  public record Signing(
      @Nullable String activeKeyId,
      Map<String, String> keys,
      Duration ttl,
      Duration messagingTtl,
      Duration clockSkew) {

    public Signing {
      keys = copy(keys);
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(messagingTtl, "messagingTtl");
      Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /** No keys: nothing signed, no signature accepted. */
    public static Signing defaults() {
      return new Signing(
          null,
          Map.of(),
          ContextSignature.DEFAULT_TTL,
          ContextSignature.DEFAULT_MESSAGE_TTL,
          ContextSignature.DEFAULT_CLOCK_SKEW);
    }

    @Override
    public String toString() {
      // The secrets never appear, not even in a debug log of the settings.
      return "Signing[activeKeyId="
          + activeKeyId
          + ", keys="
          + keys.keySet()
          + ", ttl="
          + ttl
          + ", messagingTtl="
          + messagingTtl
          + ", clockSkew="
          + clockSkew
          + "]";
    }
  }

  /**
   * {@code baggage.*}: caps on the W3C baggage header and the entry names of the context fields.
   *
   * @param maxMembers {@code max-members}
   * @param maxBytes {@code max-bytes}
   * @param maxValueBytes {@code max-value-bytes}
   * @param names {@code names.*}
   */
  public record Baggage(int maxMembers, int maxBytes, int maxValueBytes, Names names) {

    public Baggage {
      Objects.requireNonNull(names, "names");
    }

    /** The W3C minimums and the default entry names. */
    public static Baggage defaults() {
      BaggageLimits limits = BaggageLimits.DEFAULTS;
      return new Baggage(
          limits.maxMembers(), limits.maxBytes(), limits.maxValueBytes(), Names.defaults());
    }
  }

  /**
   * {@code baggage.names.*}: the baggage entries that carry the privileged context fields.
   *
   * @param userId {@code user-id}
   * @param accountId {@code account-id}
   * @param requestType {@code request-type}
   * @param tester {@code tester}
   * @param license {@code license}
   */
  public record Names(
      String userId, String accountId, String requestType, String tester, String license) {

    public Names {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(requestType, "requestType");
      Objects.requireNonNull(tester, "tester");
      Objects.requireNonNull(license, "license");
    }

    /**
     * {@code user_id}, {@code account_id}, {@code request_type}, {@code tester}, {@code license}.
     */
    public static Names defaults() {
      return new Names("user_id", "account_id", "request_type", "tester", "license");
    }
  }

  /**
   * {@code messaging.*}.
   *
   * @param internalDestinations {@code internal-destinations}: destination patterns inside the
   *     trust boundary ({@link io.contextkit.trust.MessagingDestinations}); blank entries ignored
   */
  public record Messaging(List<String> internalDestinations) {

    public Messaging {
      internalDestinations = copy(internalDestinations);
    }

    /** No internal destination. */
    public static Messaging defaults() {
      return new Messaging(List.of());
    }
  }

  /**
   * {@code trace.*}: what TRACE requests may do outside the application.
   *
   * @param safeHosts {@code safe-hosts}: third-party host patterns TRACE may call for real
   * @param syntheticResponses {@code synthetic-responses.<host-pattern>.*}
   * @param capturedDestinations {@code captured-destinations}: internal destinations whose TRACE
   *     messages are captured all the same; blank entries ignored
   * @param permission {@code permission}: the authority (role) a caller must hold to start a TRACE
   *     request itself; not blank
   * @param permissionRolePrefix {@code permission-role-prefix}: a prefix under which {@code
   *     permission} is accepted too ({@code ROLE_CONTEXTKIT_TRACE}); empty for the exact authority
   *     only
   */
  public record Trace(
      List<String> safeHosts,
      Map<String, Synthetic> syntheticResponses,
      List<String> capturedDestinations,
      String permission,
      String permissionRolePrefix) {

    /** The default TRACE permission. */
    public static final String DEFAULT_PERMISSION = "CONTEXTKIT_TRACE";

    /** The default role prefix of the TRACE permission. */
    public static final String DEFAULT_PERMISSION_ROLE_PREFIX = "ROLE_";

    public Trace {
      safeHosts = copy(safeHosts);
      syntheticResponses = copy(syntheticResponses);
      capturedDestinations = copy(capturedDestinations);
      Objects.requireNonNull(permission, "permission");
      Objects.requireNonNull(permissionRolePrefix, "permissionRolePrefix");
    }

    /**
     * No safe host, no synthetic response, nothing captured beyond the default; {@code
     * CONTEXTKIT_TRACE} or {@code ROLE_CONTEXTKIT_TRACE} permits TRACE.
     */
    public static Trace defaults() {
      return new Trace(
          List.of(), Map.of(), List.of(), DEFAULT_PERMISSION, DEFAULT_PERMISSION_ROLE_PREFIX);
    }
  }

  /**
   * {@code identity.*}: how an authenticated caller's claims fill the context ({@link
   * IdentityRules}).
   *
   * @param accountClaim {@code account-claim}: the claim or attribute holding the account id; not
   *     blank
   * @param testerClaim {@code tester-claim}: the claim or attribute marking a tester account; not
   *     blank
   * @param licenseClaim {@code license-claim}: the claim or attribute holding the licence tier; not
   *     blank
   * @param testerAccounts {@code tester-accounts}: user or account ids that are tester accounts
   */
  public record Identity(
      String accountClaim, String testerClaim, String licenseClaim, List<String> testerAccounts) {

    public Identity {
      Objects.requireNonNull(accountClaim, "accountClaim");
      Objects.requireNonNull(testerClaim, "testerClaim");
      Objects.requireNonNull(licenseClaim, "licenseClaim");
      testerAccounts = copy(testerAccounts);
    }

    /** {@code account_id}, {@code tester}, {@code license}; no tester account. */
    public static Identity defaults() {
      return new Identity("account_id", "tester", "license", List.of());
    }
  }

  /**
   * {@code trace.synthetic-responses.<host-pattern>.*}: what a TRACE call to a matching third party
   * receives instead of calling it.
   *
   * @param status {@code status}, 100 to 599
   * @param contentType {@code content-type}
   * @param body {@code body}, UTF-8
   */
  public record Synthetic(int status, String contentType, String body) {

    /** The defaults of one entry: 202, {@code application/json}, empty body. */
    public static final Synthetic DEFAULT = new Synthetic(202, "application/json", "");

    public Synthetic {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }

  private static List<String> copy(@Nullable List<String> list) {
    if (list == null) {
      return List.of();
    }
    // Elements stripped: Spring's binder trims the elements of a comma-separated value, SmallRye
    // Config keeps their spaces; "a, b" is the same list on every stack.
    List<String> copy = new java.util.ArrayList<>(list.size());
    for (String element : list) {
      copy.add(Objects.requireNonNull(element, "element").strip());
    }
    return List.copyOf(copy);
  }

  private static <V> Map<String, V> copy(@Nullable Map<String, V> map) {
    // Insertion order kept for display; nothing decides by it.
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
