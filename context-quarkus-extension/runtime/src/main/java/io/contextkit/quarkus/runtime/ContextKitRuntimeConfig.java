package io.contextkit.quarkus.runtime;

import io.contextkit.noop.UnguardedChannels;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustedPeerScope;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How ContextKit reads, trusts and writes the request context at run time. The leaves below {@code
 * quarkus.contextkit} are the same as below {@code contextkit} in the Spring Boot starter, bound
 * onto the one settings model of context-core ({@code io.contextkit.config.ContextKitSettings}); a
 * leaf that exists on Quarkus only says so. docs/configuration.md lists both stacks.
 */
@ConfigMapping(prefix = "quarkus.contextkit")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface ContextKitRuntimeConfig {

  /** The trust boundary: who may set identity fields inbound, who gets them outbound. */
  Trust trust();

  /** Hard caps on the W3C {@code baggage} header, inbound and outbound. */
  BaggageCaps baggage();

  /**
   * The header that carries the request id, inbound and outbound, and on every response (any case:
   * header names are case-insensitive; ContextKit writes it in lower case).
   */
  @WithDefault("X-Request-Id")
  String requestIdHeader();

  /** TRACE requests. */
  Trace trace();

  /** How the authenticated caller ({@code SecurityIdentity}) fills the context. */
  IdentityAttributes identity();

  /** Messaging destinations inside the trust boundary. */
  Messaging messaging();

  /**
   * Feature flag definitions in the property form of the flagd format, below {@code
   * quarkus.contextkit.flags}: {@code <flag>.variants.<name>}, {@code <flag>.default-variant},
   * {@code <flag>.state}, {@code <flag>.targeting} (JsonLogic), {@code evaluators.<name>}, {@code
   * metadata.<name>}, or {@code file} naming a flagd JSON file ({@code classpath:} or a path).
   * Flags load as flagd loads them, each on its own: an invalid flag answers the caller's default
   * with reason ERROR, is logged once and listed with its problems on the Dev UI card, and the
   * others are served; only a document flagd refuses as a whole (a file that is not JSON) stops the
   * application. {@code strict=true} ({@code quarkus.contextkit.flags.strict}) makes any problem
   * stop the application instead, with a message naming the flag.
   */
  @WithName("flags")
  Map<String, String> flags();

  /** The runtime dependency map served at {@code /q/contextkit/dependencies}. */
  Dependencies dependencies();

  /** Runtime dependency map settings. */
  interface Dependencies {
    /**
     * Most dependency edges kept (targets × direction); calls to further targets are only counted
     * in {@code overflowCalls}. Between 1 and 1048576.
     */
    @WithDefault("1000")
    int maxEdges();
  }

  /** Trust settings. */
  interface Trust {
    /**
     * Remote addresses (literals or CIDR blocks, e.g. {@code 10.0.0.0/8}, {@code ::1}) whose
     * identity fields are accepted without a signature. Host names are rejected. Empty by default:
     * nobody is trusted.
     */
    Optional<List<String>> trustedPeers();

    /** Authenticated peer names (e.g. SPIFFE ids) trusted like the trusted peers. */
    Optional<List<String>> trustedPeerNames();

    /**
     * What the trusted peers and peer names are trusted with: {@code all-fields} (their user,
     * account, tester, licence, request type and request id are accepted) or {@code
     * trace-and-request-id} (they may ask for TRACE and name the request id; their identity fields
     * are dropped as an untrusted caller's, and the authenticated identity, if any, fills them). A
     * valid signature is accepted in full either way.
     */
    @WithDefault("all-fields")
    TrustedPeerScope trustedPeerScope();

    /**
     * Host patterns inside the trust boundary ({@code *.svc.cluster.local}, {@code localhost},
     * {@code host:port}); they receive the whole context outbound. Every other host is a third
     * party.
     */
    Optional<List<String>> internalHosts();

    /**
     * Whether the trace of an untrusted caller is continued or restarted (the caller's {@code
     * traceparent} is then only a link).
     */
    @WithDefault("restart")
    TraceIdMode untrustedTraceIdMode();

    /**
     * What destinations outside the trust boundary receive: {@code trace-context} (the W3C {@code
     * traceparent} and {@code tracestate} headers, as Trace Context asks), {@code traceparent-only}
     * or {@code none}. Never baggage, the request id or the signature: the whole context never
     * leaves the trust boundary ({@code full} is refused).
     */
    @WithDefault("trace-context")
    OutboundPolicy thirdPartyPolicy();

    /** HMAC signing of the context between the services of one deployment. */
    Signing signing();
  }

  /** Signing settings. */
  interface Signing {
    /** The key id that signs outbound contexts; required when keys are configured. */
    Optional<String> activeKeyId();

    /**
     * The signing keys by key id, each a base64 or base64url secret of at least 32 bytes. Keep
     * retired keys here for a while so that contexts signed with them still verify.
     */
    Map<String, String> keys();

    /** How long a signature stays valid. */
    @WithDefault("60S")
    Duration ttl();

    /**
     * How long a signature on an outbound message (Kafka record, JMS or AMQP message) stays valid:
     * at least as long as a consumer may lag behind. A message consumed later keeps its trace id,
     * request id and TRACE ask, but not its user, account, tester and license fields.
     */
    @WithDefault("1H")
    Duration messagingTtl();

    /** The clock difference tolerated between services. */
    @WithDefault("30S")
    Duration clockSkew();
  }

  /** Baggage caps; the W3C minimums are 64 members and 8192 bytes. */
  interface BaggageCaps {
    /** The most baggage members read or written. */
    @WithDefault("64")
    int maxMembers();

    /** The most bytes of baggage read or written. */
    @WithDefault("8192")
    int maxBytes();

    /** The most bytes of one baggage value. */
    @WithDefault("8192")
    int maxValueBytes();

    /** The baggage entry names of the privileged context fields. */
    BaggageNames names();
  }

  /** Baggage entry names of the privileged context fields. */
  interface BaggageNames {
    /** Baggage entry that carries the user id. */
    @WithDefault("user_id")
    String userId();

    /** Baggage entry that carries the account id. */
    @WithDefault("account_id")
    String accountId();

    /** Baggage entry that carries the request type (STANDARD or TRACE). */
    @WithDefault("request_type")
    String requestType();

    /** Baggage entry that carries the tester flag. */
    @WithDefault("tester")
    String tester();

    /** Baggage entry that carries the licence tier. */
    @WithDefault("license")
    String license();
  }

  /**
   * TRACE settings. The guards (transactions, the JDBC driver, HTTP clients, Kafka channels) act on
   * every TRACE context, whatever {@code enabled} says: a TRACE context that arrives by another
   * path than an HTTP request (a Kafka record, a test) must still not commit.
   */
  interface Trace {
    /**
     * The role a caller must hold to start a TRACE request itself (an untrusted hop asking for
     * TRACE without it gets 403); with the role prefix, the role of that name ({@code
     * ROLE_CONTEXTKIT_TRACE}) counts too.
     */
    @WithDefault("CONTEXTKIT_TRACE")
    String permission();

    /**
     * Prefix under which the TRACE permission is also accepted, so that an identity provider
     * granting roles as {@code ROLE_<name>} grants it as {@code ROLE_CONTEXTKIT_TRACE}. Empty
     * ({@code quarkus.contextkit.trace.permission-role-prefix=}) accepts only the exact role.
     */
    @WithDefault("ROLE_")
    Optional<String> permissionRolePrefix();

    /**
     * Whether TRACE requests are served. When false, a TRACE request is refused with 503 before any
     * application code runs; it is never run as a real request.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Third-party host patterns that TRACE requests may call for real, without the context: host
     * names, {@code *.suffix} wildcards, IP literals or CIDR blocks, each optionally with {@code
     * :port}. Every other third party is not called under TRACE.
     */
    Optional<List<String>> safeHosts();

    /**
     * Synthetic responses by third-party host pattern ({@code
     * quarkus.contextkit.trace.synthetic-responses."*.stripe.com".status=200}): what a TRACE call
     * to a matching third party receives instead of calling it. When several patterns match, the
     * longest pattern wins (equal lengths: the alphabetically first); a third party that matches
     * none gets 202 with an empty body. Every synthetic response carries {@code Trace-Suppressed:
     * true}.
     */
    Map<String, Synthetic> syntheticResponses();

    /**
     * Destination patterns (the grammar of {@code messaging.internal-destinations}) whose TRACE
     * messages are captured even though they are internal: the destination still gets the full
     * context of STANDARD messages, but a TRACE request never publishes to it.
     */
    Optional<List<String>> capturedDestinations();

    /**
     * Whether the application refuses to start when an Agroal datasource is not guarded by the JDBC
     * backstop. Superseded by {@code unguarded-channels} (an unguarded datasource refuses TRACE
     * requests by default); kept so that existing configurations keep failing fast. Quarkus only.
     */
    @WithDefault("false")
    boolean requireJdbcGuard();

    /**
     * What TRACE requests do while an effect channel (a datasource, a reactive pool, a messaging
     * channel, an HTTP client, a mailer, a cache, a data client) is neither guarded nor declared
     * safe: {@code refuse} (503 before any application code runs, naming the channels) or {@code
     * warn} (run; one warning at startup, each such request counted as {@code
     * trace.served-unguarded}).
     */
    @WithDefault("refuse")
    UnguardedChannels unguardedChannels();

    /**
     * Effect channels declared safe for TRACE requests, by kind then name, the value being the
     * reason: {@code quarkus.contextkit.trace.safe-channels.mail-sender."<default>"=sandbox relay}.
     * Kinds: {@code data-source}, {@code reactive-sql-pool}, {@code r2dbc-connection-factory},
     * {@code transaction-manager}, {@code kafka-producer}, {@code jms-connection-factory}, {@code
     * rabbit}, {@code messaging-channel}, {@code http-client}, {@code mail-sender}, {@code cache},
     * {@code session-repository}, {@code data-client}, {@code other}. The startup line and the Dev
     * UI list every channel with its kind and name.
     */
    @ConfigDocMapKey("kind")
    Map<String, Map<String, String>> safeChannels();

    /** The JDBC backstop below the Agroal pool (Quarkus only). */
    JdbcGuard jdbcGuard();
  }

  /** The JDBC backstop: {@code io.contextkit.quarkus.runtime.TraceGuardDriver} below the pool. */
  interface JdbcGuard {
    /**
     * Whether the extension opens the physical connections of every Agroal datasource through
     * {@code TraceGuardDriver} (which delegates to the driver the datasource would use: its {@code
     * jdbc.driver}, or the one of its {@code db-kind}). When false, the datasources that do not
     * name {@code TraceGuardDriver} themselves are unguarded channels in the inventory. Quarkus
     * only.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Datasource names ({@code <default>} for the default one) left without the JDBC backstop.
     * Quarkus only.
     */
    Optional<List<String>> excludedDatasources();
  }

  /** The response a TRACE call to a matching third party receives instead of calling it. */
  interface Synthetic {
    /** HTTP status of the synthetic response, 100 to 599. */
    @WithDefault("202")
    int status();

    /** Content type of the synthetic response. */
    @WithDefault("application/json")
    String contentType();

    /** Body of the synthetic response (UTF-8); empty by default. */
    Optional<String> body();
  }

  /** Messaging settings shared by the messaging integrations. */
  interface Messaging {
    /**
     * Destination name patterns — Kafka topics, AMQP addresses, JMS queues and topics ({@code
     * orders}, {@code internal.*}) — whose consumers are ContextKit services of this deployment: a
     * TRACE request's messages to them are sent, with {@code request_type=TRACE}, so the consumer
     * runs as TRACE. Messages of a TRACE request to any other destination are captured, never sent.
     * Empty by default: every TRACE message is captured. A STANDARD message (Kafka, AMQP, JMS)
     * carries the whole context (identity baggage, request id, signature) only to these
     * destinations; to any other it carries what {@code trust.third-party-policy} allows ({@code
     * traceparent} and {@code tracestate} by default), as on Spring.
     */
    Optional<List<String>> internalDestinations();
  }

  /**
   * How the authenticated caller ({@code SecurityIdentity}) fills the context: the names of the
   * {@code SecurityIdentity} attributes that carry context fields, and the tester accounts.
   */
  interface IdentityAttributes {
    /** The claim or attribute holding the account id. */
    @WithDefault("account_id")
    String accountClaim();

    /**
     * The claim or attribute marking a tester account: the boolean {@code true} or the string
     * {@code "true"} (exactly) makes a tester, any other value does not.
     */
    @WithDefault("tester")
    String testerClaim();

    /** The claim or attribute holding the licence tier. */
    @WithDefault("license")
    String licenseClaim();

    /**
     * Account or user ids that are tester accounts, in addition to the callers whose tester claim
     * is true.
     */
    Optional<List<String>> testerAccounts();
  }
}
