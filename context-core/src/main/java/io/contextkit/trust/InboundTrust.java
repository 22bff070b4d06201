package io.contextkit.trust;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decision of {@link TrustPolicy#evaluate}: whether the privileged context fields an inbound
 * hop claims ({@code user_id}, {@code account_id}, {@code tester}, {@code license}, {@code
 * request_type}) may be accepted, and why.
 *
 * <p>When not {@link #accepted()}, the caller drops those fields and derives them from the
 * authenticated principal instead, and applies {@link TrustPolicy#untrustedTraceIdMode()} to the
 * inbound {@code traceparent}. {@link #signatureFailure()} tells why a presented signature was
 * refused, for counting; it is {@code null} when no signature was presented or none was checked.
 *
 * @param reason why the fields are or are not accepted
 * @param signatureFailure why a presented signature was refused; only with {@link Reason#UNTRUSTED}
 */
public record InboundTrust(Reason reason, @Nullable SignatureFailure signatureFailure) {

  private static final InboundTrust TRUSTED_PEER = new InboundTrust(Reason.TRUSTED_PEER, null);
  private static final InboundTrust VALID_SIGNATURE =
      new InboundTrust(Reason.VALID_SIGNATURE, null);
  private static final InboundTrust UNTRUSTED = new InboundTrust(Reason.UNTRUSTED, null);
  private static final InboundTrust TRACE_AND_REQUEST_ID =
      new InboundTrust(Reason.TRUSTED_PEER_TRACE_AND_REQUEST_ID, null);
  private static final InboundTrust EXPIRED_MESSAGE =
      new InboundTrust(Reason.AUTHENTIC_EXPIRED_MESSAGE, SignatureFailure.EXPIRED);
  private static final InboundTrust[] UNTRUSTED_BY_FAILURE;
  private static final InboundTrust[] TRACE_AND_REQUEST_ID_BY_FAILURE;

  static {
    SignatureFailure[] failures = SignatureFailure.values();
    UNTRUSTED_BY_FAILURE = new InboundTrust[failures.length];
    TRACE_AND_REQUEST_ID_BY_FAILURE = new InboundTrust[failures.length];
    for (SignatureFailure failure : failures) {
      UNTRUSTED_BY_FAILURE[failure.ordinal()] = new InboundTrust(Reason.UNTRUSTED, failure);
      TRACE_AND_REQUEST_ID_BY_FAILURE[failure.ordinal()] =
          new InboundTrust(Reason.TRUSTED_PEER_TRACE_AND_REQUEST_ID, failure);
    }
  }

  /** Why the fields were accepted or not. */
  public enum Reason {
    /** The peer's address or authenticated name is configured as trusted. */
    TRUSTED_PEER,
    /**
     * The peer is trusted with {@link TrustedPeerScope#TRACE_AND_REQUEST_ID} only: it may ask for
     * TRACE and name the request id, its identity fields are dropped.
     */
    TRUSTED_PEER_TRACE_AND_REQUEST_ID,
    /** The hop presented a valid, current signature over exactly the claimed fields. */
    VALID_SIGNATURE,
    /**
     * A message carried an authentic signature that expired while the message waited in a broker
     * (the consumer lagged): its trace id, request id and TRACE ask are kept, so its lines still
     * join its trace and a TRACE message still runs as TRACE; its identity fields are dropped. The
     * signature failure is {@link SignatureFailure#EXPIRED}.
     */
    AUTHENTIC_EXPIRED_MESSAGE,
    /** Neither: the privileged fields must be dropped. */
    UNTRUSTED
  }

  /**
   * Validates the combination.
   *
   * @throws IllegalArgumentException when a signature failure accompanies a reason that accepts the
   *     identity fields
   */
  public InboundTrust {
    Objects.requireNonNull(reason, "reason");
    if (signatureFailure != null
        && reason != Reason.UNTRUSTED
        && reason != Reason.TRUSTED_PEER_TRACE_AND_REQUEST_ID
        && reason != Reason.AUTHENTIC_EXPIRED_MESSAGE) {
      throw new IllegalArgumentException(
          "A signature failure can only accompany UNTRUSTED, not " + reason);
    }
    if (reason == Reason.AUTHENTIC_EXPIRED_MESSAGE
        && signatureFailure != SignatureFailure.EXPIRED) {
      throw new IllegalArgumentException(
          "AUTHENTIC_EXPIRED_MESSAGE goes with the failure EXPIRED, not " + signatureFailure);
    }
  }

  /** Accepted because the peer is trusted. */
  public static InboundTrust trustedPeer() {
    return TRUSTED_PEER;
  }

  /** Accepted because of a valid signature. */
  public static InboundTrust validSignature() {
    return VALID_SIGNATURE;
  }

  /** Not accepted; no signature was presented. */
  public static InboundTrust untrusted() {
    return UNTRUSTED;
  }

  /** Not accepted; a signature was presented and failed for {@code failure}. */
  public static InboundTrust untrusted(SignatureFailure failure) {
    return UNTRUSTED_BY_FAILURE[Objects.requireNonNull(failure, "failure").ordinal()];
  }

  /**
   * A peer trusted with {@link TrustedPeerScope#TRACE_AND_REQUEST_ID} only.
   *
   * @param failure why a signature it presented was refused, or {@code null} when none was
   */
  public static InboundTrust traceAndRequestIdOnly(@Nullable SignatureFailure failure) {
    return failure == null
        ? TRACE_AND_REQUEST_ID
        : TRACE_AND_REQUEST_ID_BY_FAILURE[failure.ordinal()];
  }

  /** Not accepted: an authentic message signature that expired in the broker. */
  public static InboundTrust expiredMessage() {
    return EXPIRED_MESSAGE;
  }

  /** Whether all the privileged fields (identity included) may be accepted from this hop. */
  public boolean accepted() {
    return reason == Reason.TRUSTED_PEER || reason == Reason.VALID_SIGNATURE;
  }

  /**
   * Whether the hop's request type (a TRACE ask) and request id may be accepted: when {@link
   * #accepted()}, for a peer trusted with {@link TrustedPeerScope#TRACE_AND_REQUEST_ID}, and for an
   * {@linkplain Reason#AUTHENTIC_EXPIRED_MESSAGE authentic expired message}.
   */
  public boolean acceptsTraceAndRequestId() {
    return reason != Reason.UNTRUSTED;
  }

  /**
   * Whether the hop's {@code traceparent} is continued regardless of {@link
   * TrustPolicy#untrustedTraceIdMode()}: when {@link #accepted()}, and for an {@linkplain
   * Reason#AUTHENTIC_EXPIRED_MESSAGE authentic expired message} (whose trace id the signature
   * covers).
   */
  public boolean continuesTrace() {
    return accepted() || reason == Reason.AUTHENTIC_EXPIRED_MESSAGE;
  }
}
