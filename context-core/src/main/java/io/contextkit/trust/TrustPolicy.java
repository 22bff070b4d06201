package io.contextkit.trust;

import io.contextkit.trust.internal.SignatureHeader;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The trust boundary of one service, inbound and outbound. Immutable and thread-safe; built once
 * from configuration.
 *
 * <p><b>Inbound</b>, {@link #evaluate}: the privileged fields a hop claims are accepted when the
 * hop is a {@linkplain TrustedPeers trusted peer} (with or without a signature; a signature from a
 * trusted peer is not checked; a peer trusted with {@link TrustedPeerScope#TRACE_AND_REQUEST_ID}
 * gets only its TRACE ask and request id accepted unless it signs), or else when it presents a
 * {@linkplain ContextSignature valid signature} over exactly the claimed fields. Anyone else is
 * untrusted: the caller drops the privileged fields and applies {@link #untrustedTraceIdMode()} to
 * its {@code traceparent}.
 *
 * <p><b>Outbound</b>, {@link #outboundPolicy}: {@linkplain InternalHosts internal hosts} get {@link
 * OutboundPolicy#FULL}; every other destination gets {@link #thirdPartyPolicy()} ({@link
 * OutboundPolicy#TRACE_CONTEXT}, {@link OutboundPolicy#TRACEPARENT_ONLY} or {@link
 * OutboundPolicy#NONE}, never {@code FULL}).
 *
 * <p><b>Secure defaults</b>: {@link #defaults()} trusts no peer and no signature, treats every
 * destination as a third party, restarts untrusted traces and sends third parties only the W3C
 * trace headers ({@code traceparent} and {@code tracestate}).
 *
 * <pre>{@code
 * TrustPolicy policy = TrustPolicy.builder()
 *     .signingKeys(SigningKeys.of("2025-06", secret))
 *     .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
 *     .internalHosts(InternalHosts.of("*.svc.cluster.local"))
 *     .build();
 * InboundTrust trust = policy.evaluate(peer, request.header("Context-Signature"), claimed);
 * }</pre>
 */
public final class TrustPolicy {

  private static final TrustPolicy DEFAULTS = builder().build();

  private final @Nullable ContextSignature signature;
  private final TrustedPeers trustedPeers;
  private final TrustedPeerScope trustedPeerScope;
  private final InternalHosts internalHosts;
  private final TraceIdMode untrustedTraceIdMode;
  private final OutboundPolicy thirdPartyPolicy;

  private TrustPolicy(Builder builder) {
    this.signature = builder.signature;
    this.trustedPeers = builder.trustedPeers;
    this.trustedPeerScope = builder.trustedPeerScope;
    this.internalHosts = builder.internalHosts;
    this.untrustedTraceIdMode = builder.untrustedTraceIdMode;
    this.thirdPartyPolicy = builder.thirdPartyPolicy;
  }

  /** Trusts nobody inbound, treats every destination as a third party. */
  public static TrustPolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides whether the privileged fields claimed by an inbound hop may be accepted. Never throws
   * for any header value.
   *
   * @param peer who sent the request
   * @param signatureHeader the context signature header, or {@code null} when absent
   * @param claimedFields the fields the request carries (and a signature must cover exactly)
   */
  public InboundTrust evaluate(
      InboundPeer peer, @Nullable String signatureHeader, SignedFields claimedFields) {
    return evaluate(peer, signatureHeader, claimedFields, false);
  }

  /**
   * Decides like {@link #evaluate} for a message consumed from a broker: the signature is checked
   * with {@link ContextSignature#verifyMessage}, and an authentic signature that expired while the
   * message waited gives {@link InboundTrust#expiredMessage()} (trace id, request id and TRACE ask
   * kept, identity dropped) instead of {@link InboundTrust#untrusted(SignatureFailure)}.
   */
  public InboundTrust evaluateMessage(
      InboundPeer peer, @Nullable String signatureHeader, SignedFields claimedFields) {
    return evaluate(peer, signatureHeader, claimedFields, true);
  }

  private InboundTrust evaluate(
      InboundPeer peer,
      @Nullable String signatureHeader,
      SignedFields claimedFields,
      boolean message) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(claimedFields, "claimedFields");
    boolean limitedPeer = false;
    if (trustedPeers.matches(peer)) {
      if (trustedPeerScope == TrustedPeerScope.ALL_FIELDS) {
        return InboundTrust.trustedPeer();
      }
      // A limited peer's signature is still checked: a valid one vouches for every field.
      limitedPeer = true;
    }
    SignatureFailure failure;
    if (signatureHeader == null) {
      failure = null;
    } else if (signature == null) {
      // Without keys nothing can verify; still tell garbage apart from a real-looking signature.
      failure =
          SignatureHeader.parse(signatureHeader) == null
              ? SignatureFailure.MALFORMED
              : SignatureFailure.UNKNOWN_KEY;
    } else {
      failure =
          (message
                  ? signature.verifyMessage(signatureHeader, claimedFields)
                  : signature.verify(signatureHeader, claimedFields))
              .failure();
      if (failure == null) {
        return InboundTrust.validSignature();
      }
      if (message && failure == SignatureFailure.EXPIRED) {
        return InboundTrust.expiredMessage();
      }
    }
    if (limitedPeer) {
      return InboundTrust.traceAndRequestIdOnly(failure);
    }
    return failure == null ? InboundTrust.untrusted() : InboundTrust.untrusted(failure);
  }

  /** What a call to {@code host}:{@code port} carries ({@code port} -1 when unknown). */
  public OutboundPolicy outboundPolicy(@Nullable String host, int port) {
    return internalHosts.isInternal(host, port) ? OutboundPolicy.FULL : thirdPartyPolicy;
  }

  /** What a call to {@code uri} carries; see {@link InternalHosts#isInternal(URI)}. */
  public OutboundPolicy outboundPolicy(URI uri) {
    return internalHosts.isInternal(uri) ? OutboundPolicy.FULL : thirdPartyPolicy;
  }

  /**
   * The trace-id mode for {@code trust}: {@link TraceIdMode#CONTINUE} when the hop is trusted (the
   * caller then honours its sampled flag too) or is an authentic expired message ({@link
   * InboundTrust#continuesTrace()}), otherwise {@link #untrustedTraceIdMode()}.
   */
  public TraceIdMode traceIdMode(InboundTrust trust) {
    return trust.continuesTrace() ? TraceIdMode.CONTINUE : untrustedTraceIdMode;
  }

  /** The signer/verifier, when signing keys are configured. */
  public Optional<ContextSignature> signature() {
    return Optional.ofNullable(signature);
  }

  /** The trusted inbound peers. */
  public TrustedPeers trustedPeers() {
    return trustedPeers;
  }

  /** What the trusted peers are trusted with. */
  public TrustedPeerScope trustedPeerScope() {
    return trustedPeerScope;
  }

  /** The outbound destinations inside the boundary. */
  public InternalHosts internalHosts() {
    return internalHosts;
  }

  /** How an untrusted inbound {@code traceparent} is used. */
  public TraceIdMode untrustedTraceIdMode() {
    return untrustedTraceIdMode;
  }

  /** What destinations outside the boundary receive. */
  public OutboundPolicy thirdPartyPolicy() {
    return thirdPartyPolicy;
  }

  @Override
  public String toString() {
    return "TrustPolicy{signature="
        + signature
        + ", trustedPeers="
        + trustedPeers
        + ", trustedPeerScope="
        + trustedPeerScope
        + ", internalHosts="
        + internalHosts
        + ", untrustedTraceIdMode="
        + untrustedTraceIdMode
        + ", thirdPartyPolicy="
        + thirdPartyPolicy
        + "}";
  }

  /** Builds a {@link TrustPolicy}; starts from the secure defaults. Not thread-safe. */
  public static final class Builder {

    private @Nullable ContextSignature signature;
    private TrustedPeers trustedPeers = TrustedPeers.none();
    private TrustedPeerScope trustedPeerScope = TrustedPeerScope.ALL_FIELDS;
    private InternalHosts internalHosts = InternalHosts.none();
    private TraceIdMode untrustedTraceIdMode = TraceIdMode.RESTART;
    private OutboundPolicy thirdPartyPolicy = OutboundPolicy.TRACE_CONTEXT;

    private Builder() {}

    /** Signs and verifies with {@code keys}, default TTL and clock skew, system clock. */
    public Builder signingKeys(SigningKeys keys) {
      this.signature = ContextSignature.create(Objects.requireNonNull(keys, "keys"));
      return this;
    }

    /** Signs and verifies with {@code signature} (for a custom TTL, skew or clock). */
    public Builder signature(ContextSignature signature) {
      this.signature = Objects.requireNonNull(signature, "signature");
      return this;
    }

    /** Sets the trusted inbound peers (default: none). */
    public Builder trustedPeers(TrustedPeers trustedPeers) {
      this.trustedPeers = Objects.requireNonNull(trustedPeers, "trustedPeers");
      return this;
    }

    /**
     * Sets what the trusted peers are trusted with (default {@link TrustedPeerScope#ALL_FIELDS}).
     */
    public Builder trustedPeerScope(TrustedPeerScope scope) {
      this.trustedPeerScope = Objects.requireNonNull(scope, "trustedPeerScope");
      return this;
    }

    /** Sets the outbound destinations inside the boundary (default: none). */
    public Builder internalHosts(InternalHosts internalHosts) {
      this.internalHosts = Objects.requireNonNull(internalHosts, "internalHosts");
      return this;
    }

    /** Sets how an untrusted {@code traceparent} is used (default {@link TraceIdMode#RESTART}). */
    public Builder untrustedTraceIdMode(TraceIdMode mode) {
      this.untrustedTraceIdMode = Objects.requireNonNull(mode, "untrustedTraceIdMode");
      return this;
    }

    /**
     * Sets what third-party destinations receive (default {@link OutboundPolicy#TRACE_CONTEXT}:
     * {@code traceparent} and {@code tracestate}; {@link OutboundPolicy#TRACEPARENT_ONLY} or {@link
     * OutboundPolicy#NONE} send less).
     *
     * @throws IllegalArgumentException for {@link OutboundPolicy#FULL}: the privileged context
     *     never leaves the boundary; list the host as internal instead
     */
    public Builder thirdPartyPolicy(OutboundPolicy policy) {
      Objects.requireNonNull(policy, "thirdPartyPolicy");
      if (policy == OutboundPolicy.FULL) {
        throw new IllegalArgumentException(
            "Third parties cannot receive the FULL context; add the host to the internal hosts"
                + " instead");
      }
      this.thirdPartyPolicy = policy;
      return this;
    }

    /** Builds the immutable policy. */
    public TrustPolicy build() {
      return new TrustPolicy(this);
    }
  }
}
