package io.contextkit.flags.internal;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import io.contextkit.flags.FlagContext;
import java.util.AbstractList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FlagContext} view of an OpenFeature {@link Structure}/{@link EvaluationContext}. Scalars
 * are handed through as the objects the {@link Value}s already hold; only nested structures and
 * lists get a (small) view object when a rule reaches into them.
 */
public final class OpenFeatureFlagContext implements FlagContext {

  private final Structure structure;
  private final @Nullable String targetingKey;

  private OpenFeatureFlagContext(Structure structure, @Nullable String targetingKey) {
    this.structure = structure;
    this.targetingKey = targetingKey;
  }

  /** A view of {@code context}; {@code null} reads as the empty context. */
  public static FlagContext of(@Nullable EvaluationContext context) {
    if (context == null) {
      return FlagContext.empty();
    }
    String key = context.getTargetingKey();
    return new OpenFeatureFlagContext(context, key == null || key.isEmpty() ? null : key);
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
    return unwrap(structure.getValue(name));
  }

  static @Nullable Object unwrap(@Nullable Value value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isStructure()) {
      return new OpenFeatureFlagContext(value.asStructure(), null);
    }
    if (value.isList()) {
      return new ValueList(value.asList());
    }
    if (value.isInstant()) {
      // JsonLogic has no date type; ISO-8601 text compares in time order for UTC instants.
      return value.asInstant().toString();
    }
    return value.asObject();
  }

  private static final class ValueList extends AbstractList<@Nullable Object> {
    private final List<Value> values;

    ValueList(List<Value> values) {
      this.values = values;
    }

    @Override
    public @Nullable Object get(int index) {
      return unwrap(values.get(index));
    }

    @Override
    public int size() {
      return values.size();
    }
  }
}
