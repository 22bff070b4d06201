package io.contextkit.flags;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The effective definition of one flag, as loaded: {@code $ref}s in the targeting rule are inlined
 * and the flag-set metadata is merged under the flag's own. Two definitions are equal when they
 * evaluate alike, which is how a reload finds the changed flags.
 *
 * @param key the flag key
 * @param enabled {@code false} for state {@code DISABLED}; as in flagd, any other state (even a
 *     missing or misspelt one, reported in {@code problems}) serves the flag
 * @param type the type of the variant values, or {@code null} when the flag has no variant or
 *     variants of several types (then each variant is served as its own type)
 * @param variants variant name to value (String, Boolean, Long/Double, Map or List), in source
 *     order
 * @param defaultVariant the variant used when targeting yields nothing, or {@code null} for the
 *     caller's default value
 * @param targeting the JsonLogic rule as plain JSON values, or {@code null} when the flag has none
 * @param metadata flag metadata merged over the flag-set metadata
 * @param problems what loading found wrong with this flag, in source order; empty for a valid flag
 */
public record FlagDefinition(
    String key,
    boolean enabled,
    @Nullable FlagType type,
    Map<String, Object> variants,
    @Nullable String defaultVariant,
    @Nullable Object targeting,
    Map<String, Object> metadata,
    List<FlagProblem> problems) {

  /** Copies {@code problems}. */
  public FlagDefinition {
    problems = List.copyOf(problems);
  }

  /**
   * Whether some evaluations of this flag answer an error because of its definition (a problem of
   * severity {@link FlagProblem.Severity#ERROR}).
   */
  public boolean invalid() {
    for (FlagProblem problem : problems) {
      if (problem.severity() == FlagProblem.Severity.ERROR) {
        return true;
      }
    }
    return false;
  }
}
