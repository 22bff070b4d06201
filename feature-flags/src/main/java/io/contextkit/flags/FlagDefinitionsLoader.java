package io.contextkit.flags;

import io.contextkit.flags.internal.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@link FlagDefinitions} from a flagd JSON document or from flat configuration properties,
 * the form Spring and Quarkus hand over. Framework-neutral: the wirings only pass a {@code
 * Map<String, String>}.
 *
 * <p>By default ({@link Mode#FLAGD}) definitions load as flagd loads them: each flag on its own. A
 * flag with an invalid targeting rule, a default variant that is not a variant or no variants still
 * loads and answers the caller's default with reason {@code ERROR} where flagd does; a deviation
 * flagd tolerates (an unknown member, a missing state) is tolerated. Each is reported as a {@link
 * FlagProblem} on the definitions; the other flags are unaffected. Only what flagd refuses as a
 * whole is refused: text that is not JSON, a document without a {@code flags} object, a flag (or
 * its {@code variants}, {@code metadata}) that is not a JSON object. {@link Mode#STRICT} refuses
 * any problem instead.
 *
 * <p>Property form, under a prefix ({@value #DEFAULT_PREFIX} by default):
 *
 * <pre>
 * contextkit.flags.file=/etc/flags/flags.flagd.json   (or classpath:flags.flagd.json; optional)
 * contextkit.flags.strict=true                        (optional: any problem fails the load)
 * contextkit.flags.new-checkout.state=ENABLED         (optional, ENABLED by default)
 * contextkit.flags.new-checkout.variants.on=true      (value read as JSON when it parses, else text)
 * contextkit.flags.new-checkout.variants.off=false
 * contextkit.flags.new-checkout.default-variant=off
 * contextkit.flags.new-checkout.targeting={"if":[{"==":[{"var":"tester"},true]},"on"]}
 * contextkit.flags.new-checkout.metadata.owner=payments
 * contextkit.flags.new-checkout.enabled=false         (kill switch: state DISABLED)
 * contextkit.flags.evaluators.is-tester={"==":[{"var":"tester"},true]}
 * contextkit.flags.metadata.flagSetId=shop
 * contextkit.flags.[key.with.dots].state=ENABLED      (brackets for keys containing dots)
 * </pre>
 *
 * Properties overlay the file field by field: a flag defined in the file can be switched off with
 * the single line {@code contextkit.flags.<key>.enabled=false}; variants given in properties
 * replace the file's variants of that flag. {@code file}, {@code strict}, {@code evaluators} and
 * {@code metadata} are reserved and cannot be flag keys in the property form. A property that
 * cannot be read for a flag (an unknown setting such as a misspelt {@code enabeld}, an {@code
 * enabled} that is not {@code true}/{@code false}, a {@code targeting} that is not JSON) makes that
 * flag answer {@code PARSE_ERROR} rather than be served without the setting.
 *
 * <p>All methods throw {@link FlagDefinitionException} naming the flag and the problem.
 */
public final class FlagDefinitionsLoader {

  /** The property prefix used when none is given. */
  public static final String DEFAULT_PREFIX = "contextkit.flags.";

  /** The property (below the prefix) that selects {@link Mode#STRICT}: {@code strict=true}. */
  public static final String STRICT_PROPERTY = "strict";

  /** How definitions are judged. */
  public enum Mode {
    /**
     * As flagd: each flag loads on its own, problems are reported on the definitions ({@link
     * FlagDefinitions#problems()}) and evaluate as in flagd; only a document flagd refuses is
     * refused. The default.
     */
    FLAGD,
    /**
     * Every problem is a load error that names the flag, for teams that want an invalid definition
     * to stop a start or a reload.
     */
    STRICT
  }

  private FlagDefinitionsLoader() {}

  /** Parses and compiles a flagd flag-definition document, as flagd loads it. */
  public static FlagDefinitions fromJson(String json) {
    return fromJson(json, Mode.FLAGD);
  }

  /** Parses and compiles a flagd flag-definition document in the given mode. */
  public static FlagDefinitions fromJson(String json, Mode mode) {
    List<FlagProblem> problems = new ArrayList<>();
    Map<String, ?> document = parseDocument(json, "the document", mode, problems);
    return FlagDefinitions.compile(document, mode, problems, Set.of());
  }

  /** Reads, parses and compiles a flagd flag-definition document, as flagd loads it. */
  public static FlagDefinitions fromJson(Reader reader) {
    return fromJson(reader, Mode.FLAGD);
  }

  /** Reads, parses and compiles a flagd flag-definition document in the given mode. */
  public static FlagDefinitions fromJson(Reader reader, Mode mode) {
    StringBuilder sb = new StringBuilder();
    char[] buffer = new char[8192];
    try {
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        sb.append(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new FlagDefinitionException(null, "cannot read flag definitions: " + e.getMessage(), e);
    }
    return fromJson(sb.toString(), mode);
  }

  /** Reads (UTF-8), parses and compiles the flagd document at {@code path}, as flagd loads it. */
  public static FlagDefinitions fromPath(Path path) {
    return fromPath(path, Mode.FLAGD);
  }

  /** Reads (UTF-8), parses and compiles the flagd document at {@code path} in the given mode. */
  public static FlagDefinitions fromPath(Path path, Mode mode) {
    List<FlagProblem> problems = new ArrayList<>();
    Map<String, ?> document = parseDocument(read(path.toString()), path.toString(), mode, problems);
    return FlagDefinitions.compile(document, mode, problems, Set.of());
  }

  /**
   * Loads from properties under {@value #DEFAULT_PREFIX}; other keys are ignored. The mode is
   * {@link Mode#STRICT} when {@code contextkit.flags.strict=true}.
   */
  public static FlagDefinitions fromProperties(Map<String, String> properties) {
    return fromProperties(properties, DEFAULT_PREFIX);
  }

  /**
   * Loads from properties under {@code prefix} (e.g. {@code quarkus.contextkit.flags.}); other keys
   * are ignored. The mode is {@link Mode#STRICT} when {@code <prefix>strict=true}.
   */
  public static FlagDefinitions fromProperties(Map<String, String> properties, String prefix) {
    // Sorted, so that problems are reported in a stable order whatever map the framework hands
    // over.
    Map<String, String> own = new TreeMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        own.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    Mode mode = mode(own.get(STRICT_PROPERTY), prefix);
    List<FlagProblem> problems = new ArrayList<>();
    Set<String> unusable = new LinkedHashSet<>();
    Map<String, Object> flags = new LinkedHashMap<>();
    Map<String, Object> evaluators = new LinkedHashMap<>();
    Map<String, Object> metadata = new LinkedHashMap<>();
    String file = own.get("file");
    if (file != null && !file.isBlank()) {
      String location = file.trim();
      Map<String, ?> document = parseDocument(read(location), location, mode, problems);
      Object fileFlags = document.get("flags");
      if (fileFlags != null && !(fileFlags instanceof Map)) {
        throw new FlagDefinitionException(
            null, location + ": flags must be a JSON object keyed by flag key");
      }
      copyInto(fileFlags, flags);
      Object fileEvaluators = document.get("$evaluators");
      if (fileEvaluators instanceof Map) {
        copyInto(fileEvaluators, evaluators);
      } else if (fileEvaluators != null) {
        problems.add(
            new FlagProblem(
                null,
                FlagProblem.Severity.WARNING,
                location
                    + ": $evaluators must be a JSON object; ignored, as flagd's Java provider"
                    + " ignores it"));
      }
      Object fileMetadata = document.get("metadata");
      if (fileMetadata != null && !(fileMetadata instanceof Map)) {
        throw new FlagDefinitionException(null, location + ": metadata must be a JSON object");
      }
      copyInto(fileMetadata, metadata);
      for (String key : document.keySet()) {
        if (!key.equals("flags")
            && !key.equals("$evaluators")
            && !key.equals("metadata")
            && !key.equals("$schema")) {
          problems.add(
              new FlagProblem(
                  null,
                  FlagProblem.Severity.WARNING,
                  location
                      + ": unknown top-level member \""
                      + key
                      + "\" ignored, as flagd ignores it (expected flags, $evaluators, metadata)"));
        }
      }
    }
    Map<String, Map<String, Object>> touched = new LinkedHashMap<>();
    Map<String, Boolean> variantsReplaced = new LinkedHashMap<>();
    Map<String, Boolean> enabledOverrides = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : own.entrySet()) {
      String rest = e.getKey();
      String value = e.getValue();
      if (rest.equals("file") || rest.equals(STRICT_PROPERTY)) {
        continue;
      }
      if (rest.startsWith("evaluators.")) {
        String name = rest.substring("evaluators.".length());
        // Text that is not JSON stays text: a rule that references it then answers PARSE_ERROR,
        // and the definitions report it.
        evaluators.put(name, json(value));
        continue;
      }
      if (rest.startsWith("metadata.")) {
        metadata.put(rest.substring("metadata.".length()), scalar(value));
        continue;
      }
      String key;
      String leaf;
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '.') {
          problems.add(
              new FlagProblem(
                  null,
                  FlagProblem.Severity.WARNING,
                  "malformed property name " + prefix + rest + " ignored"));
          continue;
        }
        key = rest.substring(1, close);
        leaf = rest.substring(close + 2);
      } else {
        int dot = rest.indexOf('.');
        if (dot <= 0) {
          // contextkit.flags.checkout=false: meant for the flag, but says nothing it can use.
          touched.computeIfAbsent(rest, k -> flagFor(k, flags));
          unusable(
              rest,
              "property "
                  + prefix
                  + rest
                  + " names no flag setting (expected "
                  + prefix
                  + rest
                  + ".<setting>)",
              problems,
              unusable);
          continue;
        }
        key = rest.substring(0, dot);
        leaf = rest.substring(dot + 1);
      }
      Map<String, Object> flag = touched.computeIfAbsent(key, k -> flagFor(k, flags));
      String problem =
          applyLeaf(key, flag, leaf, value, prefix + rest, variantsReplaced, enabledOverrides);
      if (problem != null) {
        unusable(key, problem, problems, unusable);
      }
    }
    for (Map.Entry<String, Map<String, Object>> e : touched.entrySet()) {
      String key = e.getKey();
      Map<String, Object> flag = e.getValue();
      Boolean enabled = enabledOverrides.get(key);
      if (enabled != null) {
        flag.put("state", enabled ? "ENABLED" : "DISABLED");
      }
      boolean inFile = flags.get(key) instanceof Map;
      if (!inFile && !flag.containsKey("variants") && !unusable.contains(key)) {
        problems.add(
            new FlagProblem(
                key,
                FlagProblem.Severity.WARNING,
                "define "
                    + prefix
                    + key
                    + ".variants.<name>, or define the flag in the flags file"
                    + " (is the flag key misspelt?)"));
      }
      if (Boolean.TRUE.equals(variantsReplaced.get(key)) && unquotedYamlOnOff(flag)) {
        problems.add(
            new FlagProblem(
                key,
                FlagProblem.Severity.WARNING,
                "its variants are named true/false but default-variant is \""
                    + flag.get("defaultVariant")
                    + "\": YAML reads unquoted on, off, yes and no as true/false; quote the"
                    + " variant names"));
      }
      flags.put(key, flag);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("flags", flags);
    document.put("$evaluators", evaluators);
    document.put("metadata", metadata);
    return FlagDefinitions.compile(document, mode, problems, unusable);
  }

  private static Mode mode(@Nullable String strict, String prefix) {
    if (strict == null || strict.isBlank()) {
      return Mode.FLAGD;
    }
    String v = strict.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return Mode.STRICT;
    }
    if (v.equals("false")) {
      return Mode.FLAGD;
    }
    throw new FlagDefinitionException(
        null, prefix + STRICT_PROPERTY + " must be true or false, found \"" + strict + "\"");
  }

  private static void unusable(
      String key, String problem, List<FlagProblem> problems, Set<String> unusable) {
    problems.add(
        new FlagProblem(
            key,
            FlagProblem.Severity.ERROR,
            problem + "; the flag answers PARSE_ERROR rather than be served without it"));
    unusable.add(key);
  }

  private static boolean unquotedYamlOnOff(Map<String, Object> flag) {
    Object variants = flag.get("variants");
    Object defaultVariant = flag.get("defaultVariant");
    if (!(variants instanceof Map) || !(defaultVariant instanceof String)) {
      return false;
    }
    Map<?, ?> names = (Map<?, ?>) variants;
    String dv = ((String) defaultVariant).toLowerCase(Locale.ROOT);
    return (names.containsKey("true") || names.containsKey("false"))
        && !names.containsKey(defaultVariant)
        && (dv.equals("on") || dv.equals("off") || dv.equals("yes") || dv.equals("no"));
  }

  private static Map<String, Object> flagFor(String key, Map<String, Object> flags) {
    Object existing = flags.get(key);
    Map<String, Object> flag = new LinkedHashMap<>();
    if (existing instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) existing).entrySet()) {
        flag.put(String.valueOf(e.getKey()), e.getValue());
      }
    } else {
      flag.put("state", "ENABLED");
    }
    return flag;
  }

  /** Applies one property to the flag; returns why it cannot, or {@code null}. */
  @SuppressWarnings("unchecked")
  private static @Nullable String applyLeaf(
      String key,
      Map<String, Object> flag,
      String leaf,
      String value,
      String property,
      Map<String, Boolean> variantsReplaced,
      Map<String, Boolean> enabledOverrides) {
    if (leaf.startsWith("variants.")) {
      if (variantsReplaced.put(key, Boolean.TRUE) == null) {
        flag.put("variants", new LinkedHashMap<String, Object>());
      }
      ((Map<String, Object>) flag.get("variants"))
          .put(leaf.substring("variants.".length()), scalar(value));
      return null;
    }
    if (leaf.startsWith("metadata.")) {
      Object existing = flag.get("metadata");
      Map<String, Object> md = new LinkedHashMap<>();
      if (existing instanceof Map) {
        md.putAll((Map<String, Object>) existing);
      }
      md.put(leaf.substring("metadata.".length()), scalar(value));
      flag.put("metadata", md);
      return null;
    }
    switch (leaf) {
      case "state":
        flag.put("state", value.trim().toUpperCase(Locale.ROOT));
        return null;
      case "enabled":
        {
          String v = value.trim().toLowerCase(Locale.ROOT);
          if (!v.equals("true") && !v.equals("false")) {
            return property + " must be true or false, found \"" + value + "\"";
          }
          // Applied after every other setting: the one-line kill switch wins over "state".
          enabledOverrides.put(key, v.equals("true"));
          return null;
        }
      case "default-variant":
      case "defaultVariant":
        flag.put("defaultVariant", value.trim().isEmpty() ? null : value.trim());
        return null;
      case "targeting":
        if (value.isBlank()) {
          flag.put("targeting", null);
          return null;
        }
        try {
          flag.put("targeting", JsonReader.parse(value));
          return null;
        } catch (JsonReader.JsonSyntaxException e) {
          return property + " is not valid JSON: " + e.getMessage();
        }
      default:
        return "unknown setting "
            + property
            + " (expected state, enabled, variants.<name>, default-variant, targeting,"
            + " metadata.<name>)";
    }
  }

  /** A property value read as a JSON value when it parses as one, else as text. */
  private static @Nullable Object scalar(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return value;
    }
    char c = trimmed.charAt(0);
    boolean looksJson =
        c == '{'
            || c == '['
            || c == '"'
            || c == '-'
            || (c >= '0' && c <= '9')
            || trimmed.equals("true")
            || trimmed.equals("false")
            || trimmed.equals("null");
    if (!looksJson) {
      return value;
    }
    try {
      return JsonReader.parse(trimmed);
    } catch (JsonReader.JsonSyntaxException e) {
      return value; // not JSON, so it is text, e.g. "1.2.3"; load time only
    }
  }

  /** A property value read as JSON, or kept as text when it is not JSON. */
  private static @Nullable Object json(String value) {
    try {
      return JsonReader.parse(value);
    } catch (JsonReader.JsonSyntaxException e) {
      return value;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> parseDocument(
      String json, String source, Mode mode, List<FlagProblem> problems) {
    Object parsed;
    List<String> duplicates = mode == Mode.STRICT ? null : new ArrayList<>();
    try {
      parsed = JsonReader.parse(json, duplicates);
    } catch (JsonReader.JsonSyntaxException e) {
      throw new FlagDefinitionException(null, source + ": " + e.getMessage(), e);
    }
    if (duplicates != null) {
      for (String duplicate : duplicates) {
        problems.add(new FlagProblem(null, FlagProblem.Severity.WARNING, source + " " + duplicate));
      }
    }
    if (!(parsed instanceof Map)) {
      throw new FlagDefinitionException(
          null, source + ": a flag definition document is a JSON object with \"flags\"");
    }
    Map<String, ?> document = (Map<String, ?>) parsed;
    if (!document.containsKey("flags")) {
      throw new FlagDefinitionException(null, source + ": the document has no \"flags\" member");
    }
    return document;
  }

  private static void copyInto(@Nullable Object json, Map<String, Object> target) {
    if (json == null) {
      return;
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
      target.put(String.valueOf(e.getKey()), e.getValue());
    }
  }

  private static String read(String location) {
    if (location.startsWith("classpath:")) {
      String resource = location.substring("classpath:".length());
      if (resource.startsWith("/")) {
        resource = resource.substring(1);
      }
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = FlagDefinitionsLoader.class.getClassLoader();
      }
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new FlagDefinitionException(null, "flags file " + location + " not found");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new FlagDefinitionException(
            null, "cannot read flags file " + location + ": " + e.getMessage(), e);
      }
    }
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FlagDefinitionException(
          null, "cannot read flags file " + location + ": " + e.getMessage(), e);
    }
  }
}
