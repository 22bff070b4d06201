package io.contextkit.trust;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link ContextSignature#verify}: valid, or the {@link SignatureFailure} reason.
 * Instances are shared constants, so verification allocates no result object; compare with {@link
 * #isValid()} or {@link #failure()}.
 */
public final class SignatureVerification {

  private static final SignatureVerification VALID = new SignatureVerification(null);
  private static final SignatureVerification[] FAILED;

  static {
    SignatureFailure[] reasons = SignatureFailure.values();
    FAILED = new SignatureVerification[reasons.length];
    for (SignatureFailure reason : reasons) {
      FAILED[reason.ordinal()] = new SignatureVerification(reason);
    }
  }

  private final @Nullable SignatureFailure failure;

  private SignatureVerification(@Nullable SignatureFailure failure) {
    this.failure = failure;
  }

  /** The successful outcome. */
  public static SignatureVerification valid() {
    return VALID;
  }

  /** The outcome for a failed verification with the given reason. */
  public static SignatureVerification failed(SignatureFailure reason) {
    return FAILED[Objects.requireNonNull(reason, "reason").ordinal()];
  }

  /** Whether the signature verified. */
  public boolean isValid() {
    return failure == null;
  }

  /** The reason verification failed, or {@code null} when it succeeded. */
  public @Nullable SignatureFailure failure() {
    return failure;
  }

  @Override
  public String toString() {
    return failure == null ? "VALID" : failure.name();
  }
}
