package io.contextkit.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.Reason;
import io.contextkit.flags.internal.CompiledTargeting;
import io.contextkit.flags.internal.RuleCompiler;
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
 * holding context values, {@code $flagd.timestamp}, a number yielded as a variant name, and the
 * message of a resolution naming a variant that does not exist. Instances are thread-safe. Obtain
 * one from {@link FlagDefinitionsLoader}; what loading found wrong is in {@link #problems()} and on
 * each {@link FlagDefinition}.
 *
 * <pre>{@code
 * FlagDefinitions flags = FlagDefinitionsLoader.fromJson(json);
 * FlagResolution r = flags.evaluate("new-checkout", FlagContext.of("user-42", Map.of()));
 * }</pre>
 */
public final class FlagDefinitions {

  private static final FlagDefinitions EMPTY =
      new FlagDefinitions(Map.of(), Map.of(), Collections.emptyMap(), List.of());

  private static final String FLAG_MEMBERS =
      "(expected state, variants, defaultVariant, targeting, metadata)";

  private final Map<String, CompiledFlag> flags;
  private final Map<String, FlagDefinition> definitions;
  private final Map<String, Object> setMetadata;
  private final List<FlagProblem> problems;

  private FlagDefinitions(
      Map<String, CompiledFlag> flags,
      Map<String, FlagDefinition> definitions,
      Map<String, Object> setMetadata,
      List<FlagProblem> problems) {
    this.flags = flags;
    this.definitions = definitions;
    this.setMetadata = setMetadata;
    this.problems = problems;
  }

  /** A set without flags. */
  public static FlagDefinitions empty() {
    return EMPTY;
  }

  /**
   * Compiles a parsed flagd document ({@code flags}, {@code $evaluators}, {@code metadata}), flag
   * by flag, the way flagd loads it: only a document flagd refuses as a whole is refused (no {@code
   * flags} object; a flag, its {@code variants} or its {@code metadata} that is not a JSON object;
   * a {@code state} or {@code defaultVariant} that is an object or an array; flag-set {@code
   * metadata} that is not an object). Everything else loads, and what is wrong becomes a {@link
   * FlagProblem} of the flag; in {@link FlagDefinitionsLoader.Mode#STRICT strict} mode any problem
   * refuses the document.
   *
   * @param loadProblems problems found before compiling (reading the document, mapping properties),
   *     in order
   * @param unusable flags whose definition could not be read; every evaluation of them answers
   *     {@code PARSE_ERROR}
   * @throws FlagDefinitionException naming the flag and the problem
   */
  static FlagDefinitions compile(
      Map<String, ?> document,
      FlagDefinitionsLoader.Mode mode,
      List<FlagProblem> loadProblems,
      Set<String> unusable) {
    List<FlagProblem> documentProblems = new ArrayList<>();
    Map<String, List<FlagProblem>> flagLoadProblems = new HashMap<>();
    for (FlagProblem problem : loadProblems) {
      if (problem.flagKey() == null) {
        documentProblems.add(problem);
      } else {
        flagLoadProblems.computeIfAbsent(problem.flagKey(), k -> new ArrayList<>()).add(problem);
      }
    }
    for (String key : document.keySet()) {
      if (!key.equals("flags")
          && !key.equals("$evaluators")
          && !key.equals("metadata")
          && !key.equals("$schema")) {
        documentProblems.add(
            warning(
                null,
                "unknown top-level member \""
                    + key
                    + "\" ignored, as flagd ignores it (expected flags, $evaluators, metadata)"));
      }
    }
    if (!document.containsKey("flags")) {
      throw new FlagDefinitionException(null, "the document has no \"flags\" member");
    }
    Object flagsMember = document.get("flags");
    if (flagsMember != null && !(flagsMember instanceof Map)) {
      throw new FlagDefinitionException(
          null,
          "flags must be a JSON object keyed by flag key, found "
              + describe(flagsMember)
              + " (the array form of the flagd daemon is not supported)");
    }
    Map<String, ?> flagsJson = flagsMember == null ? Map.of() : object(flagsMember);
    Map<String, ?> evaluators = evaluators(document.get("$evaluators"), documentProblems);
    Map<String, Object> setMetadata =
        metadata(document.get("metadata"), null, "metadata", documentProblems);
    Map<String, CompiledFlag> compiled = new HashMap<>();
    Map<String, FlagDefinition> definitions = new LinkedHashMap<>();
    List<FlagProblem> all = new ArrayList<>(documentProblems);
    for (Map.Entry<String, ?> entry : flagsJson.entrySet()) {
      String key = entry.getKey();
      if (entry.getValue() == null) {
        FlagProblem ignored =
            warning(null, "flag \"" + key + "\" is null and is ignored, as flagd ignores it");
        documentProblems.add(ignored);
        all.add(ignored);
        continue;
      }
      if (!(entry.getValue() instanceof Map)) {
        throw new FlagDefinitionException(
            key, "the definition must be a JSON object, found " + describe(entry.getValue()));
      }
      CompiledFlag flag =
          compileFlag(
              key,
              object(entry.getValue()),
              evaluators,
              setMetadata,
              flagLoadProblems.getOrDefault(key, List.of()),
              unusable.contains(key));
      compiled.put(key, flag);
      definitions.put(key, flag.definition);
      all.addAll(flag.definition.problems());
    }
    if (mode == FlagDefinitionsLoader.Mode.STRICT && !all.isEmpty()) {
      FlagProblem first = all.get(0);
      throw new FlagDefinitionException(
          first.flagKey(),
          first.message()
              + (all.size() > 1 ? " (and " + (all.size() - 1) + " more problems)" : ""));
    }
    return new FlagDefinitions(
        compiled, Collections.unmodifiableMap(definitions), setMetadata, List.copyOf(all));
  }

  private static CompiledFlag compileFlag(
      String key,
      Map<String, ?> json,
      Map<String, ?> evaluators,
      Map<String, Object> setMetadata,
      List<FlagProblem> loadProblems,
      boolean unusable) {
    // What made the flag unusable comes first, hints about the flag's own problems last.
    List<FlagProblem> problems = new ArrayList<>();
    for (FlagProblem p : loadProblems) {
      if (p.severity() == FlagProblem.Severity.ERROR) {
        problems.add(p);
      }
    }
    for (String member : json.keySet()) {
      switch (member) {
        case "state":
        case "variants":
        case "defaultVariant":
        case "targeting":
        case "metadata":
          break;
        default:
          problems.add(
              warning(
                  key,
                  "unknown member \""
                      + member
                      + "\" ignored, as flagd ignores it "
                      + FLAG_MEMBERS));
      }
    }
    Object state = json.get("state");
    if (state instanceof Map || state instanceof List) {
      throw new FlagDefinitionException(
          key, "state must be \"ENABLED\" or \"DISABLED\", found " + describe(state));
    }
    if (!"ENABLED".equals(state) && !"DISABLED".equals(state)) {
      problems.add(
          warning(
              key,
              (state == null
                      ? "has no state"
                      : "state must be \"ENABLED\" or \"DISABLED\", found " + describe(state))
                  + "; like flagd, ContextKit serves it as ENABLED"));
    }
    Object variantsMember = json.get("variants");
    if (variantsMember != null && !(variantsMember instanceof Map)) {
      throw new FlagDefinitionException(
          key, "variants must be a JSON object, found " + describe(variantsMember));
    }
    Map<String, ?> variantsJson = variantsMember == null ? Map.of() : object(variantsMember);
    if (variantsJson.isEmpty()) {
      problems.add(
          error(
              key,
              (variantsMember == null
                      ? "has no variants"
                      : "variants must name at least one variant")
                  + "; its evaluations answer GENERAL"));
    }
    Set<FlagType> types = new LinkedHashSet<>();
    Map<String, Object> variants = new LinkedHashMap<>();
    Map<String, Integer> variantIndex = new LinkedHashMap<>();
    for (Map.Entry<String, ?> v : variantsJson.entrySet()) {
      FlagType t = typeOf(v.getValue());
      if (t == null) {
        problems.add(
            error(
                key,
                "variant \""
                    + v.getKey()
                    + "\" has no usable value ("
                    + describe(v.getValue())
                    + "); evaluations that select it answer GENERAL"));
        continue;
      }
      if (!types.isEmpty() && !types.contains(t)) {
        problems.add(
            warning(
                key,
                "variant \""
                    + v.getKey()
                    + "\" is "
                    + t
                    + " but earlier variants are "
                    + types.iterator().next()
                    + "; like flagd, each variant is served as its own type, and a typed"
                    + " evaluation that selects a variant of another type answers TYPE_MISMATCH"));
      }
      types.add(t);
      variantIndex.put(v.getKey(), variantIndex.size());
      variants.put(v.getKey(), v.getValue());
    }
    FlagType type = types.size() == 1 ? types.iterator().next() : null;
    Object defaultVariantJson = json.get("defaultVariant");
    if (defaultVariantJson instanceof Map || defaultVariantJson instanceof List) {
      throw new FlagDefinitionException(
          key, "defaultVariant must be a variant name, found " + describe(defaultVariantJson));
    }
    String defaultVariant = null;
    if (defaultVariantJson instanceof String) {
      defaultVariant = (String) defaultVariantJson;
    } else if (defaultVariantJson != null) {
      // flagd reads a number or boolean as its text.
      defaultVariant = String.valueOf(defaultVariantJson);
      problems.add(
          warning(
              key,
              "defaultVariant "
                  + defaultVariantJson
                  + " is not a string; like flagd, ContextKit reads it as \""
                  + defaultVariant
                  + "\""));
    }
    if (defaultVariant != null && !variants.containsKey(defaultVariant)) {
      problems.add(
          error(
              key,
              "defaultVariant \""
                  + defaultVariant
                  + "\" is not one of the variants "
                  + variants.keySet()
                  + "; evaluations that fall back to it answer GENERAL"));
    }
    Object targetingJson = json.get("targeting");
    if (targetingJson instanceof Map && ((Map<?, ?>) targetingJson).isEmpty()) {
      targetingJson = null; // flagd treats {} as "no targeting"
    }
    if (targetingJson != null && !(targetingJson instanceof Map)) {
      problems.add(
          warning(
              key,
              "targeting must be a JsonLogic object, found "
                  + describe(targetingJson)
                  + "; like flagd, ContextKit evaluates it as that literal value"));
    }
    RuleCompiler.Result rule =
        targetingJson == null
            ? null
            : RuleCompiler.compile(key, targetingJson, evaluators, variantIndex);
    if (rule != null) {
      for (String e : rule.errors()) {
        problems.add(error(key, e));
      }
      for (String w : rule.warnings()) {
        problems.add(warning(key, w));
      }
    }
    Object effectiveTargeting = RuleCompiler.inlineRefs(key, targetingJson, evaluators);
    Map<String, Object> metadata = new LinkedHashMap<>(setMetadata);
    metadata.putAll(metadata(json.get("metadata"), key, "metadata", problems));
    for (FlagProblem p : loadProblems) {
      if (p.severity() != FlagProblem.Severity.ERROR) {
        problems.add(p);
      }
    }
    FlagDefinition definition =
        new FlagDefinition(
            key,
            !"DISABLED".equals(state),
            type,
            Collections.unmodifiableMap(variants),
            defaultVariant,
            effectiveTargeting,
            Collections.unmodifiableMap(metadata),
            problems);
    String unusableBecause = null;
    if (unusable) {
      for (FlagProblem p : loadProblems) {
        if (p.severity() == FlagProblem.Severity.ERROR) {
          unusableBecause = p.message();
          break;
        }
      }
    }
    return new CompiledFlag(
        definition,
        rule,
        new ArrayList<>(variantIndex.keySet()),
        unusable
            ? (unusableBecause == null ? "its definition cannot be read" : unusableBecause)
            : null);
  }

  private static FlagProblem error(@Nullable String flag, String message) {
    return new FlagProblem(flag, FlagProblem.Severity.ERROR, message);
  }

  private static FlagProblem warning(@Nullable String flag, String message) {
    return new FlagProblem(flag, FlagProblem.Severity.WARNING, message);
  }

  private static Map<String, ?> evaluators(@Nullable Object json, List<FlagProblem> problems) {
    if (json == null) {
      return Map.of();
    }
    if (!(json instanceof Map)) {
      problems.add(
          warning(
              null,
              "$evaluators must be a JSON object, found "
                  + describe(json)
                  + "; ignored, as flagd's Java provider ignores it"));
      return Map.of();
    }
    Map<String, ?> evaluators = object(json);
    for (Map.Entry<String, ?> e : evaluators.entrySet()) {
      if (!(e.getValue() instanceof Map)) {
        problems.add(
            warning(
                null,
                "$evaluators."
                    + e.getKey()
                    + " is not a JsonLogic object ("
                    + describe(e.getValue())
                    + "); rules that reference it answer PARSE_ERROR"));
      }
    }
    return evaluators;
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
  private static Map<String, ?> object(Object json) {
    return (Map<String, ?>) json;
  }

  /**
   * Metadata: string, boolean and number values; any other value is left out with a warning
   * (flagd's daemon passes it on, its Java provider fails every evaluation of the flag).
   */
  private static Map<String, Object> metadata(
      @Nullable Object json, @Nullable String flag, String what, List<FlagProblem> problems) {
    if (json == null) {
      return Collections.emptyMap();
    }
    if (!(json instanceof Map)) {
      throw new FlagDefinitionException(
          flag, what + " must be a JSON object, found " + describe(json));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : object(json).entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String) && !(v instanceof Boolean) && !(v instanceof Number)) {
        problems.add(
            warning(
                flag,
                what
                    + " \""
                    + e.getKey()
                    + "\" must be a string, boolean or number, found "
                    + describe(v)
                    + "; left out"));
        continue;
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
   * (or falls back to a default variant that is not a variant) with {@link ErrorCode#GENERAL}; a
   * rule that reaches a part it cannot evaluate (an unknown operator) with {@link
   * ErrorCode#PARSE_ERROR}, as flagd answers.
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
   * Every problem loading found: those of the document (without a flag key) first, then those of
   * each flag in source order. Empty when the definitions are valid; never non-empty for
   * definitions loaded in {@link FlagDefinitionsLoader.Mode#STRICT strict} mode.
   */
  public List<FlagProblem> problems() {
    return problems;
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
    private final FlagResolution[] matchResolutions;
    private final FlagResolution[] evaluationErrors;
    private final FlagResolution defaultResolution;
    private final FlagResolution disabledResolution;
    private final FlagResolution staticResolution;
    private final @Nullable FlagResolution unusable;

    CompiledFlag(
        FlagDefinition definition,
        RuleCompiler.@Nullable Result rule,
        List<String> variantNames,
        @Nullable String unusableBecause) {
      this.definition = definition;
      this.targeting = rule == null ? null : rule.targeting();
      this.variantNames = variantNames;
      String key = definition.key();
      int n = variantNames.size();
      FlagType type = definition.type();
      FlagResolution[] staticResolutions = new FlagResolution[n];
      FlagResolution[] defaultResolutions = new FlagResolution[n];
      matchResolutions = new FlagResolution[n];
      for (int i = 0; i < n; i++) {
        String name = variantNames.get(i);
        Object value = definition.variants().get(name);
        // Each variant carries its own type: a flag with variants of several types serves each
        // as flagd does.
        FlagType variantType = typeOf(value);
        staticResolutions[i] =
            new FlagResolution(variantType, value, name, Reason.STATIC.name(), null, null);
        matchResolutions[i] =
            new FlagResolution(variantType, value, name, Reason.TARGETING_MATCH.name(), null, null);
        defaultResolutions[i] =
            new FlagResolution(variantType, value, name, Reason.DEFAULT.name(), null, null);
      }
      String dv = definition.defaultVariant();
      int dvIndex = dv == null ? -1 : variantNames.indexOf(dv);
      if (dv == null) {
        // No default variant: the caller's default, as flagd does since it supports code defaults.
        defaultResolution = new FlagResolution(type, null, null, Reason.DEFAULT.name(), null, null);
        staticResolution = defaultResolution;
      } else if (dvIndex < 0) {
        defaultResolution =
            error(
                ErrorCode.GENERAL,
                "flag \""
                    + key
                    + "\": defaultVariant \""
                    + dv
                    + "\" is not one of the variants "
                    + variantNames);
        staticResolution = defaultResolution;
      } else {
        defaultResolution = defaultResolutions[dvIndex];
        staticResolution = staticResolutions[dvIndex];
      }
      disabledResolution = new FlagResolution(type, null, null, Reason.DISABLED.name(), null, null);
      List<String> messages = rule == null ? List.of() : rule.evaluationErrors();
      evaluationErrors = new FlagResolution[messages.size()];
      for (int i = 0; i < evaluationErrors.length; i++) {
        evaluationErrors[i] =
            error(
                ErrorCode.PARSE_ERROR,
                "the targeting of flag \"" + key + "\" cannot be evaluated: " + messages.get(i));
      }
      unusable =
          unusableBecause == null
              ? null
              : error(
                  ErrorCode.PARSE_ERROR,
                  "flag \"" + key + "\" cannot be evaluated: " + unusableBecause);
    }

    private static FlagResolution error(ErrorCode code, String message) {
      return new FlagResolution(null, null, null, Reason.ERROR.name(), code, message);
    }

    FlagResolution evaluate(FlagContext context) {
      if (unusable != null) {
        return unusable;
      }
      if (!definition.enabled()) {
        return disabledResolution;
      }
      CompiledTargeting rule = targeting;
      if (rule == null) {
        return staticResolution;
      }
      int result = rule.resolve(context);
      if (result >= 0) {
        return matchResolutions[result];
      }
      if (result == CompiledTargeting.NO_MATCH) {
        return defaultResolution;
      }
      if (result == CompiledTargeting.UNKNOWN_VARIANT) {
        Object raw = rule.rawValue(context);
        String name = RuleCompiler.variantName(raw);
        return new FlagResolution(
            null,
            null,
            null,
            Reason.ERROR.name(),
            ErrorCode.GENERAL,
            "targeting of flag \""
                + definition.key()
                + "\" yielded "
                + (raw instanceof String
                    ? "\"" + raw + "\""
                    : String.valueOf(raw) + (name == null ? "" : " (variant \"" + name + "\")"))
                + ", which is not one of the variants "
                + variantNames);
      }
      return evaluationErrors[CompiledTargeting.evaluationErrorIndex(result)];
    }
  }
}
