package io.contextkit.spring.autoconfigure.flags.internal;

import io.contextkit.flags.FlagDefinitionException;
import org.jspecify.annotations.Nullable;

/**
 * The flag definitions in the Environment cannot be loaded; fails startup, and {@link
 * FlagDefinitionsFailureAnalyzer} tells the user which flag and which keys to fix.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class InvalidFlagDefinitionsException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String flagKey;
  private final @Nullable String file;
  private final boolean yamlBooleanVariants;
  private final boolean strict;

  InvalidFlagDefinitionsException(
      FlagDefinitionException cause,
      @Nullable String file,
      boolean yamlBooleanVariants,
      boolean strict) {
    super("Invalid feature-flag definitions: " + cause.getMessage(), cause);
    this.flagKey = cause.flagKey();
    this.file = file;
    this.yamlBooleanVariants = yamlBooleanVariants;
    this.strict = strict;
  }

  /** The flag at fault, or {@code null} for a problem of the whole document. */
  public @Nullable String flagKey() {
    return flagKey;
  }

  /** The flags file in use, or {@code null}. */
  public @Nullable String file() {
    return file;
  }

  /** Whether a variant is named true/false, the likely result of unquoted YAML on/off keys. */
  public boolean yamlBooleanVariants() {
    return yamlBooleanVariants;
  }

  /** Whether {@code contextkit.flags.strict=true} made the problem a startup failure. */
  public boolean strict() {
    return strict;
  }

  /** The loader's message: the flag and the problem. */
  public String problem() {
    return getCause() == null ? getMessage() : getCause().getMessage();
  }
}
