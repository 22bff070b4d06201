package io.contextkit.flags;

import org.jspecify.annotations.Nullable;

/**
 * Flag definitions that cannot be loaded. The message names the flag (when the problem belongs to
 * one) and the problem, e.g. {@code flag "checkout": defaultVariant "blue" is not one of the
 * variants [on, off]}.
 */
public final class FlagDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String flagKey;

  /** A problem with the flag {@code flagKey}, or with the document when it is {@code null}. */
  public FlagDefinitionException(@Nullable String flagKey, String problem) {
    this(flagKey, problem, null);
  }

  /** As {@link #FlagDefinitionException(String, String)}, with the underlying cause. */
  public FlagDefinitionException(
      @Nullable String flagKey, String problem, @Nullable Throwable cause) {
    super(flagKey == null ? problem : "flag \"" + flagKey + "\": " + problem, cause);
    this.flagKey = flagKey;
  }

  /** The flag the problem belongs to, or {@code null} for a document-level problem. */
  public @Nullable String flagKey() {
    return flagKey;
  }
}
