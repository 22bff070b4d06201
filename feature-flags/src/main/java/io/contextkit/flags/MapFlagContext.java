package io.contextkit.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@link FlagContext} over a map copied at construction. */
final class MapFlagContext implements FlagContext {

  static final MapFlagContext EMPTY = new MapFlagContext(null, Map.of());

  private final @Nullable String targetingKey;
  private final Map<String, ?> attributes;

  MapFlagContext(@Nullable String targetingKey, Map<String, ?> attributes) {
    this.targetingKey = targetingKey;
    // LinkedHashMap rather than Map.copyOf: attribute values may legitimately be null.
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  @Override
  public @Nullable String targetingKey() {
    return targetingKey;
  }

  @Override
  public @Nullable Object attribute(String name) {
    if ("targetingKey".equals(name)) {
      return targetingKey;
    }
    return attributes.get(name);
  }

  @Override
  public String toString() {
    return "FlagContext{targetingKey=" + targetingKey + ", attributes=" + attributes + "}";
  }
}
