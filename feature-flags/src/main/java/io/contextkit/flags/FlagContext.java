package io.contextkit.flags;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The evaluation context a flag's targeting reads: a targeting key plus named attributes.
 *
 * <p>Implementations are read-only views; the evaluator calls them on the hot path, so an
 * implementation should answer from fields it already holds rather than build maps per call.
 * Attribute values are {@link String}, {@link Boolean}, {@link Number}, {@link Map Map&lt;String,
 * ?&gt;}, {@link java.util.List}, a nested {@code FlagContext}, or {@code null} when absent. Dotted
 * {@code var} paths such as {@code user.name} descend through maps, lists (numeric segment) and
 * nested contexts.
 *
 * <p>{@code FlagContext ctx = FlagContext.of("user-42", Map.of("license", "PRO", "tester", true));}
 */
public interface FlagContext {

  /** The targeting key (the subject of the evaluation), or {@code null} when there is none. */
  @Nullable String targetingKey();

  /** The top-level attribute {@code name}, or {@code null} when absent. */
  @Nullable Object attribute(String name);

  /** A context backed by an immutable copy of {@code attributes}. */
  static FlagContext of(@Nullable String targetingKey, Map<String, ?> attributes) {
    return new MapFlagContext(targetingKey, attributes);
  }

  /** A context with neither targeting key nor attributes. */
  static FlagContext empty() {
    return MapFlagContext.EMPTY;
  }
}
