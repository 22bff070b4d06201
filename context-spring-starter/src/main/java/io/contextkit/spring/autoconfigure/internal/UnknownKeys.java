package io.contextkit.spring.autoconfigure.internal;

import io.contextkit.config.RenamedSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Reports, once at startup (before the application's beans are created) and in one warning line,
 * every {@code contextkit.*} property of the environment that no ContextKit key accounts for — a
 * typo, a key of a pre-release version, a key of another stack — which Spring's binder would
 * otherwise ignore in silence. Each is named with its property source and, when one is close, the
 * known key it was probably meant to be; a former key is named with what replaced it ({@link
 * RenamedSettings}). Values are never read into the message (signing keys are secrets).
 *
 * <p>The known keys are those of the configuration metadata ({@code
 * META-INF/spring-configuration-metadata.json}) of every ContextKit jar on the class path, matched
 * with relaxed binding ({@code CONTEXTKIT_TRUST_INTERNALHOSTS}, {@code internalHosts}); below a key
 * whose type is a map or a collection (signing keys, synthetic responses, flag definitions, list
 * elements) every name is accounted for. Internal to ContextKit.
 */
public final class UnknownKeys implements BeanFactoryPostProcessor {

  private static final Log LOG = LogFactory.getLog(UnknownKeys.class);

  private static final String ROOT_PREFIX = "contextkit.";
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("contextkit");
  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  /** ContextKit's build and tool properties below {@code contextkit.}, each with what is below. */
  private static final List<String> TOOLING =
      List.of(
          "contextkit.version",
          "contextkit.repository",
          "contextkit.jar",
          "contextkit.docs",
          "contextkit.test",
          "contextkit.demo");

  private final ConfigurableEnvironment environment;

  /** Reports the unknown keys of {@code environment}. */
  public UnknownKeys(ConfigurableEnvironment environment) {
    this.environment = environment;
  }

  /**
   * Warns before any bean is created: a typo often shows as a startup failure (a signing key id
   * whose keys were written under a misspelt name), and the warning must come before it.
   */
  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    String warning = warning(environment, Known.load(getClass().getClassLoader()));
    if (warning != null) {
      LOG.warn(warning);
    }
  }

  /** The warning line for {@code environment}, or null when every key is known. */
  static @Nullable String warning(ConfigurableEnvironment environment, Known known) {
    Map<String, Set<String>> unknown = new TreeMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      String sourceName = sourceName(source);
      iterable.stream()
          .filter(name -> ROOT.isAncestorOf(name) && !known.accounts(name))
          .forEach(
              name ->
                  unknown
                      .computeIfAbsent(name.toString(), k -> new LinkedHashSet<>())
                      .add(sourceName));
    }
    if (unknown.isEmpty()) {
      return null;
    }
    List<String> entries = new ArrayList<>(unknown.size());
    for (Map.Entry<String, Set<String>> entry : unknown.entrySet()) {
      String key = entry.getKey();
      StringBuilder b =
          new StringBuilder(key).append(" (").append(String.join(", ", entry.getValue()));
      String advice = RenamedSettings.advice(key.substring(ROOT_PREFIX.length()), ROOT_PREFIX);
      if (advice == null) {
        String close = known.closest(key);
        if (close != null) {
          advice = "did you mean " + close + "?";
        }
      }
      if (advice != null) {
        b.append("; ").append(advice);
      }
      entries.add(b.append(')').toString());
    }
    return "ContextKit ignores "
        + entries.size()
        + (entries.size() == 1 ? " unknown configuration key: " : " unknown configuration keys: ")
        + String.join(", ", entries);
  }

  private static String sourceName(ConfigurationPropertySource source) {
    Object underlying = source.getUnderlyingSource();
    return underlying instanceof PropertySource<?> ps ? ps.getName() : String.valueOf(underlying);
  }

  /** The ContextKit keys of the configuration metadata. */
  static final class Known {

    private final List<ConfigurationPropertyName> leaves = new ArrayList<>();
    private final List<ConfigurationPropertyName> containers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> isContainer = new ArrayList<>();

    /** Reads the metadata of every jar {@code loader} sees. */
    static Known load(ClassLoader loader) {
      Known known = new Known();
      try {
        Enumeration<URL> resources = loader.getResources(METADATA);
        while (resources.hasMoreElements()) {
          try (InputStream in = resources.nextElement().openStream()) {
            known.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        LOG.debug("Configuration metadata unreadable; unknown ContextKit keys not reported", e);
        return new Known().allowing(ROOT);
      }
      // Flag definitions are free-form (flagd's property form), whatever the metadata lists.
      known.allowing(ConfigurationPropertyName.of("contextkit.flags"));
      // System properties of ContextKit's own build, tests and tools, not configuration: a test
      // JVM of an application built with them must not be warned about them.
      for (String tooling : TOOLING) {
        known.allowing(ConfigurationPropertyName.of(tooling));
      }
      return known;
    }

    private Known allowing(ConfigurationPropertyName container) {
      containers.add(container);
      return this;
    }

    /** Adds the {@code contextkit.*} properties of one metadata document. */
    @SuppressWarnings("unchecked")
    Known add(String json) {
      Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
      if (!(properties instanceof List<?> list)) {
        return this;
      }
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> property)
            || !(property.get("name") instanceof String name)
            || !name.startsWith(ROOT_PREFIX)
            || !ConfigurationPropertyName.isValid(name)) {
          continue;
        }
        Object type = property.get("type");
        ConfigurationPropertyName parsed = ConfigurationPropertyName.of(name);
        boolean container = type instanceof String t && isContainer(t);
        if (container) {
          containers.add(parsed);
        } else {
          leaves.add(parsed);
        }
        names.add(name);
        isContainer.add(container);
      }
      return this;
    }

    private static boolean isContainer(String type) {
      return type.startsWith("java.util.Map")
          || type.startsWith("java.util.List")
          || type.startsWith("java.util.Set")
          || type.startsWith("java.util.Collection")
          || type.endsWith("[]");
    }

    /** Whether {@code name} (any relaxed form) is a known key or lies below a map or list key. */
    boolean accounts(ConfigurationPropertyName name) {
      for (ConfigurationPropertyName leaf : leaves) {
        if (leaf.equals(name)) {
          return true;
        }
      }
      for (ConfigurationPropertyName container : containers) {
        if (container.equals(name) || container.isAncestorOf(name)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The known key closest to {@code key} when it is close enough to be a typo, else null. Below a
     * map or list key only the key's first segments are compared, so a misspelt map key ({@code
     * signing.keyz.k1}) is suggested with its entry ({@code signing.keys.k1}).
     */
    @Nullable String closest(String key) {
      String[] segments = key.split("\\.");
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        int depth = name.split("\\.").length;
        String compared = key;
        String rest = "";
        if (isContainer.get(i) && segments.length > depth) {
          compared = String.join(".", Arrays.copyOfRange(segments, 0, depth));
          rest = key.substring(compared.length());
        }
        int distance = distance(loose(compared), loose(name));
        if (distance < bestDistance) {
          best = name + rest;
          bestDistance = distance;
        }
      }
      int allowed = Math.max(2, loose(key).length() / 8);
      return bestDistance <= allowed && !key.equals(best) ? best : null;
    }

    /** Case, dashes and underscores do not count: relaxed binding ignores them too. */
    private static String loose(String key) {
      return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          current[j] =
              Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }
  }
}
