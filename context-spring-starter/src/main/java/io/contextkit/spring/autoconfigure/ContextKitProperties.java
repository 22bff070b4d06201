package io.contextkit.spring.autoconfigure;

import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustedPeerScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of ContextKit under {@code contextkit.*}. The same leaves exist under {@code
 * quarkus.contextkit.*} on Quarkus. The defaults are the secure ones: every integration is on, and
 * nothing inbound is trusted until trusted peers or signing keys are configured.
 */
@ConfigurationProperties("contextkit")
public class ContextKitProperties {

  /** Whether ContextKit is enabled. */
  private boolean enabled = true;

  /**
   * Header that carries the request id, inbound and outbound, and on every response (any case:
   * header names are case-insensitive).
   */
  private String requestIdHeader = "X-Request-Id";

  private final Trust trust = new Trust();

  private final Baggage baggage = new Baggage();

  private final Trace trace = new Trace();

  private final Identity identity = new Identity();

  private final Integration web = new Integration();

  private final Integration client = new Integration();

  private final Integration task = new Integration();

  private final Integration logging = new Integration();

  private final Flags flags = new Flags();

  private final Tracing tracing = new Tracing();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getRequestIdHeader() {
    return requestIdHeader;
  }

  public void setRequestIdHeader(String requestIdHeader) {
    this.requestIdHeader = requestIdHeader;
  }

  public Trust getTrust() {
    return trust;
  }

  public Baggage getBaggage() {
    return baggage;
  }

  public Trace getTrace() {
    return trace;
  }

  public Identity getIdentity() {
    return identity;
  }

  public Integration getWeb() {
    return web;
  }

  public Integration getClient() {
    return client;
  }

  public Integration getTask() {
    return task;
  }

  public Integration getLogging() {
    return logging;
  }

  public Flags getFlags() {
    return flags;
  }

  public Tracing getTracing() {
    return tracing;
  }

  /** The trust boundary, inbound and outbound. */
  public static class Trust {

    /**
     * Comma-separated list of peer addresses or CIDR blocks whose context fields are accepted
     * without a signature, e.g. 10.0.0.0/8 or ::1. Host names are rejected.
     */
    private List<String> trustedPeers = new ArrayList<>();

    /**
     * Comma-separated list of authenticated peer names (mTLS subject, SPIFFE id) whose context
     * fields are accepted without a signature.
     */
    private List<String> trustedPeerNames = new ArrayList<>();

    /**
     * What trusted peers are trusted with: all-fields (their user, account, tester, licence,
     * request type and request id are accepted), or trace-and-request-id (they may ask for TRACE
     * and name the request id; their identity fields are dropped, as from an untrusted caller).
     */
    private TrustedPeerScope trustedPeerScope = TrustedPeerScope.ALL_FIELDS;

    /**
     * Comma-separated list of outbound destinations inside the trust boundary, which receive the
     * full context: host names, *.suffix wildcards, IP literals or CIDR blocks, each optionally
     * with :port.
     */
    private List<String> internalHosts = new ArrayList<>();

    /** How the traceparent of an untrusted caller is used: continue its trace id or restart. */
    private TraceIdMode untrustedTraceIdMode = TraceIdMode.RESTART;

    /**
     * What destinations outside the trust boundary receive: trace-context (the W3C traceparent and
     * tracestate headers, as Trace Context asks), traceparent-only, or none. Never baggage, the
     * request id or the signature.
     */
    private ThirdPartyPolicy thirdPartyPolicy = ThirdPartyPolicy.TRACE_CONTEXT;

    private final Signing signing = new Signing();

    public List<String> getTrustedPeers() {
      return trustedPeers;
    }

    public void setTrustedPeers(List<String> trustedPeers) {
      this.trustedPeers = trustedPeers;
    }

    public List<String> getTrustedPeerNames() {
      return trustedPeerNames;
    }

    public void setTrustedPeerNames(List<String> trustedPeerNames) {
      this.trustedPeerNames = trustedPeerNames;
    }

    public TrustedPeerScope getTrustedPeerScope() {
      return trustedPeerScope;
    }

    public void setTrustedPeerScope(TrustedPeerScope trustedPeerScope) {
      this.trustedPeerScope = trustedPeerScope;
    }

    public List<String> getInternalHosts() {
      return internalHosts;
    }

    public void setInternalHosts(List<String> internalHosts) {
      this.internalHosts = internalHosts;
    }

    public TraceIdMode getUntrustedTraceIdMode() {
      return untrustedTraceIdMode;
    }

    public void setUntrustedTraceIdMode(TraceIdMode untrustedTraceIdMode) {
      this.untrustedTraceIdMode = untrustedTraceIdMode;
    }

    public ThirdPartyPolicy getThirdPartyPolicy() {
      return thirdPartyPolicy;
    }

    public void setThirdPartyPolicy(ThirdPartyPolicy thirdPartyPolicy) {
      this.thirdPartyPolicy = thirdPartyPolicy;
    }

    public Signing getSigning() {
      return signing;
    }
  }

  /** What a destination outside the trust boundary receives. */
  public enum ThirdPartyPolicy {
    /** The W3C Trace Context headers, traceparent and tracestate. */
    TRACE_CONTEXT,
    /** Only traceparent, so the third party can correlate its logs with ours. */
    TRACEPARENT_ONLY,
    /** Nothing at all. */
    NONE
  }

  /** The context signature shared by the services of one deployment (HMAC-SHA256). */
  public static class Signing {

    /** Id of the key that signs outbound contexts; must be one of the keys. */
    private @Nullable String activeKeyId;

    /**
     * Signing keys by key id, each a base64 or base64url secret of at least 32 bytes. Every key
     * verifies; only the active one signs.
     */
    private Map<String, String> keys = new LinkedHashMap<>();

    /** How long a signature stays valid after it was made. */
    private Duration ttl = Duration.ofSeconds(60);

    /**
     * How long a signature on an outbound message (Kafka record, JMS or Rabbit message) stays
     * valid: at least as long as a consumer may lag behind. A message consumed later keeps its
     * trace id, request id and TRACE ask, but not its user, account, tester and license fields.
     */
    private Duration messagingTtl = Duration.ofHours(1);

    /** Tolerated clock difference between the signing and the verifying service. */
    private Duration clockSkew = Duration.ofSeconds(30);

    public @Nullable String getActiveKeyId() {
      return activeKeyId;
    }

    public void setActiveKeyId(@Nullable String activeKeyId) {
      this.activeKeyId = activeKeyId;
    }

    public Map<String, String> getKeys() {
      return keys;
    }

    public void setKeys(Map<String, String> keys) {
      this.keys = keys;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public Duration getMessagingTtl() {
      return messagingTtl;
    }

    public void setMessagingTtl(Duration messagingTtl) {
      this.messagingTtl = messagingTtl;
    }

    public Duration getClockSkew() {
      return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
    }
  }

  /** Limits and entry names of the W3C baggage header. */
  public static class Baggage {

    /** Maximum number of baggage members inspected and propagated (W3C minimum: 64). */
    private int maxMembers = 64;

    /** Maximum size of the baggage header in bytes (W3C minimum: 8192). */
    private int maxBytes = 8192;

    /** Maximum size of one percent-encoded baggage value in bytes; longer members are dropped. */
    private int maxValueBytes = 8192;

    private final Names names = new Names();

    public int getMaxMembers() {
      return maxMembers;
    }

    public void setMaxMembers(int maxMembers) {
      this.maxMembers = maxMembers;
    }

    public int getMaxBytes() {
      return maxBytes;
    }

    public void setMaxBytes(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    public int getMaxValueBytes() {
      return maxValueBytes;
    }

    public void setMaxValueBytes(int maxValueBytes) {
      this.maxValueBytes = maxValueBytes;
    }

    public Names getNames() {
      return names;
    }
  }

  /** Baggage entry names of the privileged context fields. */
  public static class Names {

    /** Baggage entry that carries the user id. */
    private String userId = "user_id";

    /** Baggage entry that carries the account id. */
    private String accountId = "account_id";

    /** Baggage entry that carries the request type (STANDARD or TRACE). */
    private String requestType = "request_type";

    /** Baggage entry that carries the tester flag. */
    private String tester = "tester";

    /** Baggage entry that carries the licence tier. */
    private String license = "license";

    public String getUserId() {
      return userId;
    }

    public void setUserId(String userId) {
      this.userId = userId;
    }

    public String getAccountId() {
      return accountId;
    }

    public void setAccountId(String accountId) {
      this.accountId = accountId;
    }

    public String getRequestType() {
      return requestType;
    }

    public void setRequestType(String requestType) {
      this.requestType = requestType;
    }

    public String getTester() {
      return tester;
    }

    public void setTester(String tester) {
      this.tester = tester;
    }

    public String getLicense() {
      return license;
    }

    public void setLicense(String license) {
      this.license = license;
    }
  }

  /** TRACE requests. */
  public static class Trace {

    /**
     * Authority an authenticated caller must hold to send a TRACE request; with the role prefix,
     * the role of that name (ROLE_CONTEXTKIT_TRACE) counts too.
     */
    private String permission = "CONTEXTKIT_TRACE";

    /**
     * Prefix under which the TRACE permission is also accepted, so that an application storing
     * roles (Spring Security's hasRole, User.roles(...)) grants it as ROLE_CONTEXTKIT_TRACE. Empty
     * accepts only the exact authority.
     */
    private String permissionRolePrefix = "ROLE_";

    public String getPermission() {
      return permission;
    }

    public void setPermission(String permission) {
      this.permission = permission;
    }

    public String getPermissionRolePrefix() {
      return permissionRolePrefix;
    }

    public void setPermissionRolePrefix(String permissionRolePrefix) {
      this.permissionRolePrefix = permissionRolePrefix == null ? "" : permissionRolePrefix;
    }
  }

  /** How the identity of an authenticated caller is read from its principal. */
  public static class Identity {

    /** Claim or principal attribute that holds the account id. */
    private String accountClaim = "account_id";

    /**
     * Claim or principal attribute that marks a tester account: the boolean true or the string
     * "true" (exactly) makes a tester, any other value does not.
     */
    private String testerClaim = "tester";

    /** Claim or principal attribute that holds the licence tier. */
    private String licenseClaim = "license";

    /**
     * Comma-separated list of account or user ids that are tester accounts, in addition to the
     * callers whose tester claim is true.
     */
    private List<String> testerAccounts = new ArrayList<>();

    public String getAccountClaim() {
      return accountClaim;
    }

    public void setAccountClaim(String accountClaim) {
      this.accountClaim = accountClaim;
    }

    public String getTesterClaim() {
      return testerClaim;
    }

    public void setTesterClaim(String testerClaim) {
      this.testerClaim = testerClaim;
    }

    public String getLicenseClaim() {
      return licenseClaim;
    }

    public void setLicenseClaim(String licenseClaim) {
      this.licenseClaim = licenseClaim;
    }

    public List<String> getTesterAccounts() {
      return testerAccounts;
    }

    public void setTesterAccounts(List<String> testerAccounts) {
      this.testerAccounts = testerAccounts;
    }
  }

  /** How ContextKit shares the wire with an OpenTelemetry tracer's own propagation. */
  public static class Tracing {

    /**
     * Whether ContextKit alone reads and writes the W3C baggage header when an OpenTelemetry tracer
     * propagates too (e.g. Spring Boot's tracing auto-configuration, which propagates W3C baggage
     * by default). The tracer keeps propagating the trace context, but its propagators neither
     * extract baggage from a request nor inject any, so an untrusted caller's baggage never enters
     * the tracer's context and no baggage reaches a destination outside the trust boundary. Baggage
     * entries other than ContextKit's fields then do not travel; switch this off only where every
     * caller and destination is trusted.
     */
    private boolean exclusiveBaggage = true;

    public boolean isExclusiveBaggage() {
      return exclusiveBaggage;
    }

    public void setExclusiveBaggage(boolean exclusiveBaggage) {
      this.exclusiveBaggage = exclusiveBaggage;
    }
  }

  /** Switch of one integration. */
  public static class Integration {

    /** Whether this integration is enabled (it also needs its library on the class path). */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * The feature-flag integration. The flags themselves are defined under {@code
   * contextkit.flags.<flag-key>.*} (see the configuration metadata of {@code contextkit.flags}).
   */
  public static class Flags {

    /**
     * Whether ContextKit's OpenFeature provider and the OpenFeature Client bean are set up. Spring
     * Boot only: on Quarkus the provider is there when flags are defined.
     */
    private boolean enabled = true;

    /**
     * Location of a flagd flag-definition file (a file system path, or classpath:...); flags
     * defined in properties overlay it field by field.
     */
    private @Nullable String file;

    /**
     * How often a flags file on the file system is checked for changes. Spring Boot only: Quarkus
     * reads the file at startup.
     */
    private Duration watchInterval = Duration.ofSeconds(5);

    /**
     * Whether any problem in the flag definitions (an invalid targeting rule, a default variant
     * that is not a variant, an unknown member, ...) fails startup and keeps the previous
     * definitions on a reload. When false, each flag loads on its own as flagd loads it: an invalid
     * flag answers the caller's default with reason ERROR, and the problems are logged and listed
     * by the flags endpoint.
     */
    private boolean strict;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable String getFile() {
      return file;
    }

    public void setFile(@Nullable String file) {
      this.file = file;
    }

    public Duration getWatchInterval() {
      return watchInterval;
    }

    public void setWatchInterval(Duration watchInterval) {
      this.watchInterval = watchInterval;
    }

    public boolean isStrict() {
      return strict;
    }

    public void setStrict(boolean strict) {
      this.strict = strict;
    }
  }
}
