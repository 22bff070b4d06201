package io.contextkit.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.Reason;
import io.contextkit.flags.internal.CompiledTargeting;
import io.contextkit.flags.internal.RuleCompiler;
import io.contextkit.flags.internal.RuleException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, compiled set of flag definitions in the flagd format, with the direct evaluation
 * API.
 *
 * <p>Targeting rules are compiled once, here; {@link #evaluate} walks no JSON, uses no regex and
 * returns prepared {@link FlagResolution} instances, so it allocates nothing, except where a rule
 * itself builds a value: {@code cat} (also as a {@code fractional} bucketing key), an array literal
 * holding context values, {@code $flagd.timestamp}, and the message of an error resolution.
 * Instances are thread-safe. Obtain one from {@link FlagDefinitionsLoader}.
 *
 * <pre>{@code
 * FlagDefinitions flags = FlagDefinitionsLoader.fromJson(json);
 * FlagResolution r = flags.evaluate("new-checkout", FlagContext.of("user-42", Map.of()));
 * }</pre>
 */
public final class FlagDefinitions {

  private static final FlagDefinitions EMPTY =
      new FlagDefinitions(Map.of(), Map.of(), Collections.emptyMap());

  private final Map<String, CompiledFlag> flags;
  private final Map<String, FlagDefinition> definitions;
  private final Map<String, Object> setMetadata;

  private FlagDefinitions(
      Map<String, CompiledFlag> flags,
      Map<String, FlagDefinition> definitions,
      Map<String, Object> setMetadata) {
    this.flags = flags;
    this.definitions = definitions;
    this.setMetadata = setMetadata;
  }

  /** A set without flags. */
  public static FlagDefinitions empty() {
    return EMPTY;
  }

  /**
   * Compiles a parsed flagd document ({@code flags}, {@code $evaluators}, {@code metadata}).
   *
   * @throws FlagDefinitionException naming the flag and the problem
   */
  static FlagDefinitions compile(Map<String, ?> document) {
    for (String key : document.keySet()) {
      if (!key.equals("flags")
          && !key.equals("$evaluators")
          && !key.equals("metadata")
          && !key.equals("$schema")) {
        throw new FlagDefinitionException(
            null,
            "unknown top-level member \"" + key + "\" (expected flags, $evaluators, metadata)");
      }
    }
    Map<String, ?> flagsJson = object(document.get("flags"), null, "flags");
    Map<String, ?> evaluators =
        document.containsKey("$evaluators")
            ? object(document.get("$evaluators"), null, "$evaluators")
            : Map.of();
    Map<String, Object> setMetadata =
        document.containsKey("metadata")
            ? metadata(document.get("metadata"), null)
            : Collections.emptyMap();
    Map<String, CompiledFlag> compiled = new HashMap<>();
    Map<String, FlagDefinition> definitions = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : flagsJson.entrySet()) {
      String key = entry.getKey();
      Map<String, ?> json = object(entry.getValue(), key, "the definition");
      CompiledFlag flag = compileFlag(key, json, evaluators, setMetadata);
      compiled.put(key, flag);
      definitions.put(key, flag.definition);
    }
    return new FlagDefinitions(compiled, Collections.unmodifiableMap(definitions), setMetadata);
  }

  private static CompiledFlag compileFlag(
      String key, Map<String, ?> json, Map<String, ?> evaluators, Map<String, Object> setMetadata) {
    for (String member : json.keySet()) {
      switch (member) {
        case "state":
        case "variants":
        case "defaultVariant":
        case "targeting":
        case "metadata":
          break;
        default:
          throw new FlagDefinitionException(
              key,
              "unknown member \""
                  + member
                  + "\" (expected state, variants, defaultVariant, targeting, metadata)");
      }
    }
    Object state = json.get("state");
    if (!"ENABLED".equals(state) && !"DISABLED".equals(state)) {
      throw new FlagDefinitionException(
          key, "state must be \"ENABLED\" or \"DISABLED\", found " + describe(state));
    }
    Map<String, ?> variantsJson = object(json.get("variants"), key, "variants");
    if (variantsJson.isEmpty()) {
      throw new FlagDefinitionException(key, "variants must name at least one variant");
    }
    FlagType type = null;
    Map<String, Object> variants = new LinkedHashMap<>();
    Map<String, Integer> variantIndex = new LinkedHashMap<>();
    for (Map.Entry<String, ?> v : variantsJson.entrySet()) {
      FlagType t = typeOf(v.getValue());
      if (t == null) {
        throw new FlagDefinitionException(
            key, "variant \"" + v.getKey() + "\" has no usable value: " + describe(v.getValue()));
      }
      if (type != null && t != type) {
        throw new FlagDefinitionException(
            key,
            "variant \""
                + v.getKey()
                + "\" is "
                + t
                + " but earlier variants are "
                + type
                + "; all variants of a flag have one type");
      }
      type = t;
      variantIndex.put(v.getKey(), variantIndex.size());
      variants.put(v.getKey(), v.getValue());
    }
    Object defaultVariantJson = json.get("defaultVariant");
    if (defaultVariantJson != null
        && (!(defaultVariantJson instanceof String) || !variants.containsKey(defaultVariantJson))) {
      throw new FlagDefinitionException(
          key,
          "defaultVariant "
              + describe(defaultVariantJson)
              + " is not one of the variants "
              + variants.keySet());
    }
    String defaultVariant = (String) defaultVariantJson;
    Object targetingJson = json.get("targeting");
    if (targetingJson instanceof Map && ((Map<?, ?>) targetingJson).isEmpty()) {
      targetingJson = null; // flagd treats {} as "no targeting"
    }
    if (targetingJson != null && !(targetingJson instanceof Map)) {
      throw new FlagDefinitionException(
          key, "targeting must be a JsonLogic object, found " + describe(targetingJson));
    }
    CompiledTargeting targeting;
    Object effectiveTargeting;
    try {
      targeting =
          targetingJson == null
              ? null
              : RuleCompiler.compile(key, targetingJson, evaluators, variantIndex);
      effectiveTargeting = RuleCompiler.inlineRefs(key, targetingJson, evaluators);
    } catch (RuleException e) {
      throw new FlagDefinitionException(key, e.getMessage(), e);
    }
    Map<String, Object> metadata = new LinkedHashMap<>(setMetadata);
    if (json.containsKey("metadata")) {
      metadata.putAll(metadata(json.get("metadata"), key));
    }
    FlagDefinition definition =
        new FlagDefinition(
            key,
            "ENABLED".equals(state),
            type,
            Collections.unmodifiableMap(variants),
            defaultVariant,
            effectiveTargeting,
            Collections.unmodifiableMap(metadata));
    return new CompiledFlag(definition, targeting, new ArrayList<>(variantIndex.keySet()));
  }

  private static @Nullable FlagType typeOf(@Nullable Object value) {
    if (value instanceof Boolean) {
      return FlagType.BOOLEAN;
    }
    if (value instanceof String) {
      return FlagType.STRING;
    }
    if (value instanceof Number) {
      return FlagType.NUMBER;
    }
    if (value instanceof Map || value instanceof List) {
      return FlagType.OBJECT;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> object(@Nullable Object json, @Nullable String flag, String what) {
    if (!(json instanceof Map)) {
      throw new FlagDefinitionException(
          flag, what + " must be a JSON object, found " + describe(json));
    }
    return (Map<String, ?>) json;
  }

  private static Map<String, Object> metadata(@Nullable Object json, @Nullable String flag) {
    Map<String, ?> map = object(json, flag, "metadata");
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String) && !(v instanceof Boolean) && !(v instanceof Number)) {
        throw new FlagDefinitionException(
            flag,
            "metadata \""
                + e.getKey()
                + "\" must be a string, boolean or number, found "
                + describe(v));
      }
      out.put(e.getKey(), v);
    }
    return Collections.unmodifiableMap(out);
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    return value instanceof Map
        ? "an object"
        : value instanceof List ? "an array" : value.toString();
  }

  /**
   * Evaluates the flag {@code flagKey} against {@code context}. Never throws: a missing flag
   * resolves with reason ERROR and {@link ErrorCode#FLAG_NOT_FOUND}; a rule that names no variant
   * resolves with {@link ErrorCode#GENERAL}.
   */
  public FlagResolution evaluate(String flagKey, FlagContext context) {
    CompiledFlag flag = flags.get(flagKey);
    return flag == null ? FlagResolution.NOT_FOUND : flag.evaluate(context);
  }

  /** The effective definitions by flag key, in source order. */
  public Map<String, FlagDefinition> definitions() {
    return definitions;
  }

  /** The definition of {@code flagKey}, or {@code null}. */
  public @Nullable FlagDefinition definition(String flagKey) {
    return definitions.get(flagKey);
  }

  /** The flag-set metadata ({@code flagSetId}, {@code version}, …). */
  public Map<String, Object> metadata() {
    return setMetadata;
  }

  /**
   * The keys of flags that were added, removed or changed from {@code previous} to this set,
   * sorted.
   */
  public List<String> changedSince(FlagDefinitions previous) {
    Set<String> changed = new LinkedHashSet<>();
    for (Map.Entry<String, FlagDefinition> e : definitions.entrySet()) {
      if (!e.getValue().equals(previous.definitions.get(e.getKey()))) {
        changed.add(e.getKey());
      }
    }
    for (String key : previous.definitions.keySet()) {
      if (!definitions.containsKey(key)) {
        changed.add(key);
      }
    }
    List<String> sorted = new ArrayList<>(changed);
    Collections.sort(sorted);
    return sorted;
  }

  @Override
  public String toString() {
    return "FlagDefinitions" + definitions.keySet();
  }

  /** One flag, with every resolution it can produce prepared in advance. */
  private static final class CompiledFlag {
    final FlagDefinition definition;
    private final @Nullable CompiledTargeting targeting;
    private final List<String> variantNames;
    private final FlagResolution[] staticResolutions;
    private final FlagResolution[] matchResolutions;
    private final FlagResolution[] splitResolutions;
    private final FlagResolution defaultResolution;
    private final FlagResolution disabledResolution;
    private final FlagResolution staticResolution;

    CompiledFlag(
        FlagDefinition definition,
        @Nullable CompiledTargeting targeting,
        List<String> variantNames) {
      this.definition = definition;
      this.targeting = targeting;
      this.variantNames = variantNames;
      int n = variantNames.size();
      FlagType type = definition.type();
      staticResolutions = new FlagResolution[n];
      matchResolutions = new FlagResolution[n];
      splitResolutions = new FlagResolution[n];
      for (int i = 0; i < n; i++) {
        String name = variantNames.get(i);
        Object value = definition.variants().get(name);
        staticResolutions[i] =
            new FlagResolution(type, value, name, Reason.STATIC.name(), null, null);
        matchResolutions[i] =
            new FlagResolution(type, value, name, Reason.TARGETING_MATCH.name(), null, null);
        splitResolutions[i] =
            new FlagResolution(type, value, name, Reason.SPLIT.name(), null, null);
      }
      String dv = definition.defaultVariant();
      defaultResolution =
          new FlagResolution(
              type,
              dv == null ? null : definition.variants().get(dv),
              dv,
              Reason.DEFAULT.name(),
              null,
              null);
      disabledResolution = new FlagResolution(type, null, null, Reason.DISABLED.name(), null, null);
      // Without targeting the default variant is the flag's static value.
      staticResolution =
          dv == null ? defaultResolution : staticResolutions[variantNames.indexOf(dv)];
    }

    FlagResolution evaluate(FlagContext context) {
      if (!definition.enabled()) {
        return disabledResolution;
      }
      if (targeting == null) {
        return staticResolution;
      }
      int result = targeting.resolve(context);
      if (result == CompiledTargeting.NO_MATCH) {
        return defaultResolution;
      }
      if (result == CompiledTargeting.UNKNOWN_VARIANT) {
        Object raw = targeting.rawValue(context);
        return new FlagResolution(
            definition.type(),
            null,
            null,
            Reason.ERROR.name(),
            ErrorCode.GENERAL,
            "targeting yielded "
                + (raw instanceof String ? "\"" + raw + "\"" : String.valueOf(raw))
                + ", which is not one of the variants "
                + variantNames);
      }
      return (result & CompiledTargeting.SPLIT) != 0
          ? splitResolutions[result & ~CompiledTargeting.SPLIT]
          : matchResolutions[result];
    }
  }
}
