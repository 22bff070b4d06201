package io.contextkit.flags;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The effective definition of one flag, as loaded: {@code $ref}s in the targeting rule are inlined
 * and the flag-set metadata is merged under the flag's own. Two definitions are equal when they
 * evaluate alike, which is how a reload finds the changed flags.
 *
 * @param key the flag key
 * @param enabled {@code false} for state {@code DISABLED}
 * @param type the type of the variant values
 * @param variants variant name to value (String, Boolean, Long/Double, Map or List), in source
 *     order
 * @param defaultVariant the variant used when targeting yields nothing, or {@code null} for the
 *     caller's default value
 * @param targeting the JsonLogic rule as plain JSON values, or {@code null} when the flag has none
 * @param metadata flag metadata merged over the flag-set metadata
 */
public record FlagDefinition(
    String key,
    boolean enabled,
    FlagType type,
    Map<String, Object> variants,
    @Nullable String defaultVariant,
    @Nullable Object targeting,
    Map<String, Object> metadata) {}
