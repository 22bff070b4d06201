package io.contextkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One feature-flag evaluation made while serving a request, as recorded on its {@link
 * RequestContext}.
 *
 * @param flagKey the flag's key, never blank
 * @param variant the variant that was served, or {@code null} when the evaluation fell back to the
 *     caller's default (an error, or a flag without variants)
 * @param reason the OpenFeature reason ({@code STATIC}, {@code TARGETING_MATCH}, {@code SPLIT},
 *     {@code ERROR}...)
 */
public record FlagEvaluation(String flagKey, @Nullable String variant, String reason) {

  /** Validates the components; a blank key or reason is a programming error. */
  public FlagEvaluation {
    Objects.requireNonNull(flagKey, "flagKey");
    Objects.requireNonNull(reason, "reason");
    if (flagKey.isBlank()) {
      throw new IllegalArgumentException("flagKey must not be blank");
    }
  }
}
