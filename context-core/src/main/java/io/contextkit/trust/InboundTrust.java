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
  private static final InboundTrust[] UNTRUSTED_BY_FAILURE;

  static {
    SignatureFailure[] failures = SignatureFailure.values();
    UNTRUSTED_BY_FAILURE = new InboundTrust[failures.length];
    for (SignatureFailure failure : failures) {
      UNTRUSTED_BY_FAILURE[failure.ordinal()] = new InboundTrust(Reason.UNTRUSTED, failure);
    }
  }

  /** Why the fields were accepted or not. */
  public enum Reason {
    /** The peer's address or authenticated name is configured as trusted. */
    TRUSTED_PEER,
    /** The hop presented a valid, current signature over exactly the claimed fields. */
    VALID_SIGNATURE,
    /** Neither: the privileged fields must be dropped. */
    UNTRUSTED
  }

  /**
   * Validates the combination.
   *
   * @throws IllegalArgumentException when a signature failure accompanies an accepting reason
   */
  public InboundTrust {
    Objects.requireNonNull(reason, "reason");
    if (signatureFailure != null && reason != Reason.UNTRUSTED) {
      throw new IllegalArgumentException(
          "A signature failure can only accompany UNTRUSTED, not " + reason);
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

  /** Whether the privileged fields may be accepted from this hop. */
  public boolean accepted() {
    return reason != Reason.UNTRUSTED;
  }
}
