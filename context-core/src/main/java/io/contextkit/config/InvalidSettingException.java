package io.contextkit.config;

import org.jspecify.annotations.Nullable;

/**
 * A setting that ContextKit cannot apply; the application must not start with it. The message is
 * {@code Invalid <full key>: <reason>}; the value of a secret never appears in it, nor in {@link
 * #value()}.
 */
public final class InvalidSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** What {@link #value()} says for a secret. */
  public static final String REDACTED = "<redacted>";

  private final String key;
  private final transient @Nullable Object value;
  private final String reason;

  /** A failure of setting {@code key} (full name) with {@code value} (or {@value #REDACTED}). */
  public InvalidSettingException(String key, @Nullable Object value, String reason) {
    super("Invalid " + key + ": " + reason);
    this.key = key;
    this.value = value;
    this.reason = reason;
  }

  /**
   * The full name of the setting, root included ({@code quarkus.contextkit.trust.trusted-peers}).
   */
  public String key() {
    return key;
  }

  /** The rejected value, {@value #REDACTED} for a secret, or null when the setting is missing. */
  public @Nullable Object value() {
    return value;
  }

  /** Why the value is rejected, without the key. */
  public String reason() {
    return reason;
  }
}
