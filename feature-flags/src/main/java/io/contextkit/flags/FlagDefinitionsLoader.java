package io.contextkit.flags;

import io.contextkit.flags.internal.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@link FlagDefinitions} from a flagd JSON document or from flat configuration properties,
 * the form Spring and Quarkus hand over. Framework-neutral: the wirings only pass a {@code
 * Map<String, String>}.
 *
 * <p>Property form, under a prefix ({@value #DEFAULT_PREFIX} by default):
 *
 * <pre>
 * contextkit.flags.file=/etc/flags/flags.flagd.json   (or classpath:flags.flagd.json; optional)
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
 * replace the file's variants of that flag. {@code file}, {@code evaluators} and {@code metadata}
 * are reserved and cannot be flag keys in the property form. Unknown property names under a flag
 * are rejected, so a misspelt kill switch fails loudly instead of being ignored.
 *
 * <p>All methods throw {@link FlagDefinitionException} naming the flag and the problem.
 */
public final class FlagDefinitionsLoader {

  /** The property prefix used when none is given. */
  public static final String DEFAULT_PREFIX = "contextkit.flags.";

  private FlagDefinitionsLoader() {}

  /** Parses and compiles a flagd flag-definition document. */
  public static FlagDefinitions fromJson(String json) {
    return FlagDefinitions.compile(parseDocument(json, "the document"));
  }

  /** Reads, parses and compiles a flagd flag-definition document. */
  public static FlagDefinitions fromJson(Reader reader) {
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
    return fromJson(sb.toString());
  }

  /** Reads (UTF-8), parses and compiles the flagd document at {@code path}. */
  public static FlagDefinitions fromPath(Path path) {
    return FlagDefinitions.compile(parseDocument(read(path.toString()), path.toString()));
  }

  /** Loads from properties under {@value #DEFAULT_PREFIX}; other keys are ignored. */
  public static FlagDefinitions fromProperties(Map<String, String> properties) {
    return fromProperties(properties, DEFAULT_PREFIX);
  }

  /**
   * Loads from properties under {@code prefix} (e.g. {@code quarkus.contextkit.flags.}); other keys
   * are ignored.
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
    Map<String, Object> flags = new LinkedHashMap<>();
    Map<String, Object> evaluators = new LinkedHashMap<>();
    Map<String, Object> metadata = new LinkedHashMap<>();
    String file = own.get("file");
    if (file != null && !file.isBlank()) {
      Map<String, ?> document = parseDocument(read(file.trim()), file.trim());
      copyInto(document.get("flags"), flags, true);
      copyInto(document.get("$evaluators"), evaluators, false);
      copyInto(document.get("metadata"), metadata, false);
      for (String key : document.keySet()) {
        if (!key.equals("flags")
            && !key.equals("$evaluators")
            && !key.equals("metadata")
            && !key.equals("$schema")) {
          throw new FlagDefinitionException(
              null, file + ": unknown top-level member \"" + key + "\"");
        }
      }
    }
    Map<String, Map<String, Object>> touched = new LinkedHashMap<>();
    Map<String, Boolean> variantsReplaced = new LinkedHashMap<>();
    Map<String, Boolean> enabledOverrides = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : own.entrySet()) {
      String rest = e.getKey();
      String value = e.getValue();
      if (rest.equals("file")) {
        continue;
      }
      if (rest.startsWith("evaluators.")) {
        String name = rest.substring("evaluators.".length());
        evaluators.put(name, parseJson(value, null, prefix + rest));
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
          throw new FlagDefinitionException(null, "malformed property name " + prefix + rest);
        }
        key = rest.substring(1, close);
        leaf = rest.substring(close + 2);
      } else {
        int dot = rest.indexOf('.');
        if (dot <= 0) {
          throw new FlagDefinitionException(
              null,
              "property "
                  + prefix
                  + rest
                  + " names no flag setting (expected "
                  + prefix
                  + "<flag-key>.<setting>)");
        }
        key = rest.substring(0, dot);
        leaf = rest.substring(dot + 1);
      }
      Map<String, Object> flag = touched.computeIfAbsent(key, k -> flagFor(k, flags));
      applyLeaf(key, flag, leaf, value, prefix + rest, variantsReplaced, enabledOverrides);
    }
    for (Map.Entry<String, Map<String, Object>> e : touched.entrySet()) {
      Map<String, Object> flag = e.getValue();
      Boolean enabled = enabledOverrides.get(e.getKey());
      if (enabled != null) {
        flag.put("state", enabled ? "ENABLED" : "DISABLED");
      }
      if (!flag.containsKey("variants")) {
        throw new FlagDefinitionException(
            e.getKey(),
            "has no variants: define "
                + prefix
                + e.getKey()
                + ".variants.<name>, or define the flag in the flags file"
                + " (is the flag key misspelt?)");
      }
      flags.put(e.getKey(), flag);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("flags", flags);
    document.put("$evaluators", evaluators);
    document.put("metadata", metadata);
    return FlagDefinitions.compile(document);
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

  @SuppressWarnings("unchecked")
  private static void applyLeaf(
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
      return;
    }
    if (leaf.startsWith("metadata.")) {
      Object existing = flag.get("metadata");
      Map<String, Object> md = new LinkedHashMap<>();
      if (existing instanceof Map) {
        md.putAll((Map<String, Object>) existing);
      }
      md.put(leaf.substring("metadata.".length()), scalar(value));
      flag.put("metadata", md);
      return;
    }
    switch (leaf) {
      case "state":
        flag.put("state", value.trim().toUpperCase(Locale.ROOT));
        return;
      case "enabled":
        {
          String v = value.trim().toLowerCase(Locale.ROOT);
          if (!v.equals("true") && !v.equals("false")) {
            throw new FlagDefinitionException(
                key, property + " must be true or false, found \"" + value + "\"");
          }
          // Applied after every other setting: the one-line kill switch wins over "state".
          enabledOverrides.put(key, v.equals("true"));
          return;
        }
      case "default-variant":
      case "defaultVariant":
        flag.put("defaultVariant", value.trim().isEmpty() ? null : value.trim());
        return;
      case "targeting":
        flag.put("targeting", value.isBlank() ? null : parseJson(value, key, property));
        return;
      default:
        throw new FlagDefinitionException(
            key,
            "unknown setting "
                + property
                + " (expected state, enabled, variants.<name>, default-variant, targeting,"
                + " metadata.<name>)");
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

  private static @Nullable Object parseJson(String json, @Nullable String flag, String where) {
    try {
      return JsonReader.parse(json);
    } catch (JsonReader.JsonSyntaxException e) {
      throw new FlagDefinitionException(flag, where + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> parseDocument(String json, String source) {
    Object parsed;
    try {
      parsed = JsonReader.parse(json);
    } catch (JsonReader.JsonSyntaxException e) {
      throw new FlagDefinitionException(null, source + ": " + e.getMessage(), e);
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

  private static void copyInto(@Nullable Object json, Map<String, Object> target, boolean flags) {
    if (json == null) {
      return;
    }
    if (!(json instanceof Map)) {
      throw new FlagDefinitionException(
          null, (flags ? "flags" : "$evaluators/metadata") + " must be a JSON object");
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
