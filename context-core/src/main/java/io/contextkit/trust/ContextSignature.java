package io.contextkit.trust;

import io.contextkit.trust.internal.CanonicalEncoding;
import io.contextkit.trust.internal.HmacKey;
import io.contextkit.trust.internal.SignatureHeader;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies the privileged context fields ({@link SignedFields}) that travel between the
 * services of one deployment, so that a receiving service can accept them from a hop it does not
 * otherwise trust.
 *
 * <p><b>Header format</b> (version 1): {@code v1;kid=<key id>;exp=<epoch seconds>;sig=<base64url>}
 * where {@code sig} is HMAC-SHA256, under the key {@code kid}, of an injective canonical encoding
 * of the version, key id, expiry and every field of {@link SignedFields} (trace id and request id
 * included, so a signature cannot be replayed onto another trace or request).
 *
 * <p><b>Verification</b> never throws for any header value and reports, in this order: {@link
 * SignatureFailure#MALFORMED} (absent, oversized, not exactly the v1 syntax), {@link
 * SignatureFailure#UNKNOWN_KEY}, {@link SignatureFailure#BAD_SIGNATURE} (MAC compared in constant
 * time with {@link MessageDigest#isEqual}), then {@link SignatureFailure#EXPIRED} (only authentic
 * signatures are reported as expired). A signature is expired when the clock is later than {@code
 * exp} plus the allowed clock skew.
 *
 * <p><b>Requests and messages</b>: {@link #sign} and {@link #verify} are for requests (HTTP), valid
 * for the {@linkplain Builder#ttl TTL}; {@link #signMessage} and {@link #verifyMessage} for
 * messages, which wait in a broker for as long as the consumer lags, valid for the longer
 * {@linkplain Builder#messageTtl message TTL}. The two are MACed in different domains, so a
 * message's long-lived signature does not verify when copied onto a request; a message may carry a
 * request signature (a hop that forwarded its request headers), which then keeps its own short
 * expiry.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ContextSignature signature = ContextSignature.builder(keys).ttl(Duration.ofSeconds(30)).build();
 * String header = signature.sign(fields);                       // outbound
 * SignatureVerification result = signature.verify(header, fields); // inbound
 * }</pre>
 */
public final class ContextSignature {

  /** Default lifetime of a signature: 60 seconds. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  /** Default lifetime of a signature on a message: one hour (messages wait in brokers). */
  public static final Duration DEFAULT_MESSAGE_TTL = Duration.ofHours(1);

  /** Default tolerance for clocks that run behind the signer's: 30 seconds. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  /** Longest accepted TTL or clock skew: one day (a signature is a per-hop credential). */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  /** The longest header value {@link #verify} looks at; longer values are malformed. */
  public static final int MAX_HEADER_LENGTH = SignatureHeader.MAX_LENGTH;

  private final SigningKeys keys;
  private final Duration ttl;
  private final Duration messageTtl;
  private final Duration clockSkew;
  private final Clock clock;
  private final long ttlMillis;
  private final long messageTtlMillis;
  private final long skewMillis;

  private ContextSignature(Builder builder) {
    this.keys = builder.keys;
    this.ttl = builder.ttl;
    this.messageTtl = builder.messageTtl;
    this.clockSkew = builder.clockSkew;
    this.clock = builder.clock;
    this.ttlMillis = ttl.toMillis();
    this.messageTtlMillis = messageTtl.toMillis();
    this.skewMillis = clockSkew.toMillis();
  }

  /** Signs and verifies with {@code keys}, the default TTL and skew, and the system UTC clock. */
  public static ContextSignature create(SigningKeys keys) {
    return builder(keys).build();
  }

  /** A builder using {@code keys}. */
  public static Builder builder(SigningKeys keys) {
    return new Builder(keys);
  }

  /**
   * Signs {@code fields} for a request with the active key, valid for the TTL from now (expiry
   * rounded down to whole seconds).
   *
   * @return the header value
   */
  public String sign(SignedFields fields) {
    return sign(fields, CanonicalEncoding.REQUEST_DOMAIN, ttlMillis);
  }

  /**
   * Signs {@code fields} for a message with the active key, valid for the message TTL from now.
   * Only {@link #verifyMessage} accepts the result.
   *
   * @return the header value
   */
  public String signMessage(SignedFields fields) {
    return sign(fields, CanonicalEncoding.MESSAGE_DOMAIN, messageTtlMillis);
  }

  private String sign(SignedFields fields, String domain, long lifetimeMillis) {
    Objects.requireNonNull(fields, "fields");
    String keyId = keys.activeKeyId();
    // A clock before 1970 would give a negative expiry, which the header syntax cannot carry.
    long expiry = Math.max(0L, Math.floorDiv(clock.millis() + lifetimeMillis, 1000L));
    byte[] mac =
        keys.activeKey()
            .mac(CanonicalEncoding.encode(domain, SignatureHeader.VERSION, keyId, expiry, fields));
    return SignatureHeader.format(keyId, expiry, mac);
  }

  /**
   * Verifies that {@code header} is a current request signature ({@link #sign}; never one made by
   * {@link #signMessage}), by a key of the ring, over exactly {@code claimedFields}. Never throws
   * for any header value.
   *
   * @param header the received header value, or {@code null} when absent (then {@link
   *     SignatureFailure#MALFORMED})
   * @param claimedFields the fields the request carries and wants accepted
   */
  public SignatureVerification verify(@Nullable String header, SignedFields claimedFields) {
    return verify(header, claimedFields, false);
  }

  /**
   * Verifies a signature on a message: like {@link #verify}, but a signature made by {@link
   * #signMessage} is accepted as well as one made by {@link #sign}. Never throws for any header
   * value.
   */
  public SignatureVerification verifyMessage(@Nullable String header, SignedFields claimedFields) {
    return verify(header, claimedFields, true);
  }

  private SignatureVerification verify(
      @Nullable String header, SignedFields claimedFields, boolean message) {
    Objects.requireNonNull(claimedFields, "claimedFields");
    SignatureHeader parsed = SignatureHeader.parse(header);
    if (parsed == null) {
      return SignatureVerification.failed(SignatureFailure.MALFORMED);
    }
    HmacKey key = keys.key(parsed.keyId());
    if (key == null) {
      return SignatureVerification.failed(SignatureFailure.UNKNOWN_KEY);
    }
    boolean authentic =
        matches(key, parsed, claimedFields, CanonicalEncoding.REQUEST_DOMAIN)
            || (message && matches(key, parsed, claimedFields, CanonicalEncoding.MESSAGE_DOMAIN));
    if (!authentic) {
      return SignatureVerification.failed(SignatureFailure.BAD_SIGNATURE);
    }
    // exp has at most 12 digits, so exp * 1000 + one day of skew cannot overflow.
    if (clock.millis() > parsed.expiry() * 1000L + skewMillis) {
      return SignatureVerification.failed(SignatureFailure.EXPIRED);
    }
    return SignatureVerification.valid();
  }

  private static boolean matches(
      HmacKey key, SignatureHeader parsed, SignedFields claimedFields, String domain) {
    byte[] expected =
        key.mac(
            CanonicalEncoding.encode(
                domain, SignatureHeader.VERSION, parsed.keyId(), parsed.expiry(), claimedFields));
    return MessageDigest.isEqual(expected, parsed.signature());
  }

  /**
   * Reads the key id and expiry of a signature header without verifying anything, for tools that
   * explain a signature ({@code contextkit verify}). Accepts exactly what {@link #verify} accepts
   * as well-formed. Never throws for any value.
   *
   * @param header a header value, or {@code null}
   * @return the header's parts, or empty when {@link #verify} would report {@link
   *     SignatureFailure#MALFORMED}
   */
  public static Optional<Header> parseHeader(@Nullable String header) {
    SignatureHeader parsed = SignatureHeader.parse(header);
    return parsed == null
        ? Optional.empty()
        : Optional.of(
            new Header(
                SignatureHeader.VERSION, parsed.keyId(), Instant.ofEpochSecond(parsed.expiry())));
  }

  /** The key ring. */
  public SigningKeys keys() {
    return keys;
  }

  /** How long a new signature stays valid. */
  public Duration ttl() {
    return ttl;
  }

  /** How long a new signature on a message stays valid. */
  public Duration messageTtl() {
    return messageTtl;
  }

  /** How far past its expiry a signature is still accepted. */
  public Duration clockSkew() {
    return clockSkew;
  }

  @Override
  public String toString() {
    return "ContextSignature{keys="
        + keys
        + ", ttl="
        + ttl
        + ", messageTtl="
        + messageTtl
        + ", clockSkew="
        + clockSkew
        + "}";
  }

  /**
   * The unverified parts of a well-formed signature header ({@link #parseHeader}).
   *
   * @param version the format version, {@code "v1"}
   * @param keyId the id of the key the header claims to be signed with
   * @param expiresAt when the signature expires (whole seconds; verifiers add their clock skew)
   */
  public record Header(String version, String keyId, Instant expiresAt) {

    /** Checks the components. */
    public Header {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** Builds a {@link ContextSignature}; not thread-safe. */
  public static final class Builder {

    private final SigningKeys keys;
    private Duration ttl = DEFAULT_TTL;
    private Duration messageTtl = DEFAULT_MESSAGE_TTL;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Clock clock = Clock.systemUTC();

    private Builder(SigningKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Sets how long new signatures stay valid (default {@link #DEFAULT_TTL}).
     *
     * @throws IllegalArgumentException unless 1 second &lt;= ttl &lt;= {@link #MAX_DURATION}
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "Signature ttl must be between 1 second and " + MAX_DURATION + ", was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets how long new signatures on messages stay valid (default {@link #DEFAULT_MESSAGE_TTL}):
     * at least as long as a consumer may lag behind its producers, or the consumer loses the
     * identity fields of what it reads late (it keeps the trace id, the request id and the TRACE
     * ask of an authentic expired message).
     *
     * @throws IllegalArgumentException unless 1 second &lt;= messageTtl &lt;= {@link #MAX_DURATION}
     */
    public Builder messageTtl(Duration messageTtl) {
      Objects.requireNonNull(messageTtl, "messageTtl");
      if (messageTtl.compareTo(Duration.ofSeconds(1)) < 0
          || messageTtl.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "Signature message ttl must be between 1 second and "
                + MAX_DURATION
                + ", was "
                + messageTtl);
      }
      this.messageTtl = messageTtl;
      return this;
    }

    /**
     * Sets how far past its expiry a signature is still accepted (default {@link
     * #DEFAULT_CLOCK_SKEW}).
     *
     * @throws IllegalArgumentException unless 0 &lt;= clockSkew &lt;= {@link #MAX_DURATION}
     */
    public Builder clockSkew(Duration clockSkew) {
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "Signature clock skew must be between 0 and " + MAX_DURATION + ", was " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Sets the clock for expiry (default {@link Clock#systemUTC()}); tests pass a fixed clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the signer/verifier. */
    public ContextSignature build() {
      return new ContextSignature(this);
    }
  }
}
