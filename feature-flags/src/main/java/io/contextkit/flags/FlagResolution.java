package io.contextkit.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.Reason;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of evaluating one flag on the direct path ({@link FlagDefinitions#evaluate}).
 * Instances are prepared when definitions are loaded and shared, so an evaluation allocates
 * nothing.
 *
 * <p>When {@link #usesCallerDefault()} is true, the flag has no value to offer (disabled, no
 * default variant, or an error) and the caller's own default applies.
 */
public final class FlagResolution {

  static final FlagResolution NOT_FOUND =
      new FlagResolution(
          null, null, null, Reason.ERROR.name(), ErrorCode.FLAG_NOT_FOUND, "flag not found");

  private final @Nullable FlagType type;
  private final @Nullable Object value;
  private final @Nullable String variant;
  private final String reason;
  private final @Nullable ErrorCode errorCode;
  private final @Nullable String errorMessage;

  FlagResolution(
      @Nullable FlagType type,
      @Nullable Object value,
      @Nullable String variant,
      String reason,
      @Nullable ErrorCode errorCode,
      @Nullable String errorMessage) {
    this.type = type;
    this.value = value;
    this.variant = variant;
    this.reason = reason;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
  }

  /**
   * The type of the variant's value (for a flag whose variants have one type, the flag's type), or
   * {@code null} when there is none to check (a missing flag, an error).
   */
  public @Nullable FlagType type() {
    return type;
  }

  /** The variant's value, or {@code null} when the caller's default applies. */
  public @Nullable Object value() {
    return value;
  }

  /** The variant name, or {@code null} when no variant was chosen. */
  public @Nullable String variant() {
    return variant;
  }

  /**
   * An OpenFeature reason: STATIC, TARGETING_MATCH (a {@code fractional} bucket included, as in
   * flagd), DEFAULT, DISABLED or ERROR.
   */
  public String reason() {
    return reason;
  }

  /** The OpenFeature error code when {@link #reason()} is ERROR, else {@code null}. */
  public @Nullable ErrorCode errorCode() {
    return errorCode;
  }

  /** A message for the error, else {@code null}. */
  public @Nullable String errorMessage() {
    return errorMessage;
  }

  /** Whether the caller's default value applies ({@link #value()} is {@code null}). */
  public boolean usesCallerDefault() {
    return value == null;
  }

  @Override
  public String toString() {
    return "FlagResolution{variant="
        + variant
        + ", value="
        + value
        + ", reason="
        + reason
        + (errorCode == null ? "" : ", errorCode=" + errorCode + ", errorMessage=" + errorMessage)
        + "}";
  }
}
