package io.contextkit.spring.autoconfigure.flags.internal;

import io.contextkit.flags.FlagDefinitionException;
import io.contextkit.flags.FlagDefinitions;
import io.contextkit.flags.FlagDefinitionsLoader;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the flag definitions under {@code contextkit.flags.*} from the Spring {@link Environment}
 * (every property source: properties, YAML, environment variables, command line) and loads them
 * with {@link FlagDefinitionsLoader}. Each call reads the Environment afresh, so a reload sees its
 * current state.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class FlagProperties {

  /** The root of the flag definitions, with the trailing dot. */
  public static final String PREFIX = "contextkit.flags.";

  // Keys of ContextKitProperties.Flags, which configure the integration and define no flag.
  private static final String ENABLED = "enabled";
  private static final String WATCH_INTERVAL = "watch-interval";

  private final Environment environment;

  public FlagProperties(Environment environment) {
    this.environment = environment;
  }

  /**
   * The flag properties as full keys ({@code contextkit.flags.new-pricing.state}), sorted; the
   * integration's own switches are left out.
   */
  public Map<String, String> read() {
    // Bound as a flat map: every nested YAML level becomes part of the key, list elements too,
    // and a key with dots keeps its brackets ([my.flag].state), as the loader expects.
    Map<String, String> raw =
        Binder.get(environment)
            .bind(
                PREFIX.substring(0, PREFIX.length() - 1),
                Bindable.mapOf(String.class, String.class))
            .orElseGet(Map::of);
    Map<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      String key = entry.getKey();
      if (!key.equals(ENABLED) && !key.equals(WATCH_INTERVAL)) {
        properties.put(PREFIX + key, entry.getValue());
      }
    }
    return properties;
  }

  /** Whether {@code contextkit.flags.strict} is set: any problem fails the load. */
  public boolean strict() {
    return Boolean.parseBoolean(
        environment.getProperty(PREFIX + FlagDefinitionsLoader.STRICT_PROPERTY, "false").trim());
  }

  /** The configured flags file ({@code contextkit.flags.file}), or {@code null}. */
  public @Nullable String file() {
    String file = environment.getProperty(PREFIX + "file");
    return file == null || file.isBlank() ? null : file.trim();
  }

  /**
   * Loads the current definitions: each flag on its own, as flagd does, unless {@code
   * contextkit.flags.strict=true}.
   *
   * @throws InvalidFlagDefinitionsException naming the flag and the problem, for a document flagd
   *     would refuse as well, or for any problem in strict mode
   */
  public FlagDefinitions load() {
    Map<String, String> properties = read();
    try {
      return FlagDefinitionsLoader.fromProperties(properties, PREFIX);
    } catch (FlagDefinitionException e) {
      throw invalid(e, properties);
    }
  }

  /** The startup failure for {@code e}, explained by {@link FlagDefinitionsFailureAnalyzer}. */
  InvalidFlagDefinitionsException invalid(
      FlagDefinitionException e, Map<String, String> properties) {
    return new InvalidFlagDefinitionsException(
        e, file(), mentionsYamlBooleanVariant(properties), strict());
  }

  private static boolean mentionsYamlBooleanVariant(Map<String, String> properties) {
    for (String key : properties.keySet()) {
      if (key.endsWith(".variants.true") || key.endsWith(".variants.false")) {
        return true;
      }
    }
    return false;
  }
}
