package io.contextkit.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The keys the pre-release versions of ContextKit read and 0.1.0 no longer does, each with what
 * replaces it, relative to the root ({@code contextkit.} on Spring, {@code quarkus.contextkit.} on
 * Quarkus). Both stacks name the replacement when an application still sets one: the Spring Boot
 * starter in its warning about unknown keys, the Quarkus extension by refusing to start for a
 * removed key whose silent absence would change what leaves the service.
 *
 * <p>Immutable; the map is sorted by key.
 */
public final class RenamedSettings {

  /**
   * {@code messaging.kafka.outbound-policy}, removed: Kafka topics follow the one messaging rule.
   */
  public static final String KAFKA_OUTBOUND_POLICY = "messaging.kafka.outbound-policy";

  /** What replaces {@link #KAFKA_OUTBOUND_POLICY}, relative keys named. */
  public static final String PER_DESTINATION =
      "removed: a record carries the whole context only to a topic of"
          + " messaging.internal-destinations, and what trust.third-party-policy allows to any other"
          + " topic; list the application's own topics in messaging.internal-destinations";

  private static final Map<String, String> REPLACEMENTS = replacements();

  private RenamedSettings() {}

  private static Map<String, String> replacements() {
    Map<String, String> m = new TreeMap<>();
    m.put("kafka.enabled", "messaging.kafka.enabled");
    m.put("kafka.outbound-policy", PER_DESTINATION);
    m.put(KAFKA_OUTBOUND_POLICY, PER_DESTINATION);
    m.put("identity.account-attribute", "identity.account-claim");
    m.put("identity.tester-attribute", "identity.tester-claim");
    m.put("identity.license-attribute", "identity.license-claim");
    m.put("mail.enabled", "trace.mail.enabled");
    m.put("cache.enabled", "trace.cache.enabled");
    m.put("web-client.enabled", "client.web-client.enabled");
    return m;
  }

  /**
   * Old key (relative, kebab-case) to what replaces it: a key relative to the same root, or a
   * sentence starting with {@code removed:} for a key without a one-to-one replacement.
   */
  public static Map<String, String> all() {
    return REPLACEMENTS;
  }

  /**
   * What replaces {@code relativeKey}, or null when it is not a former key. Matching ignores case,
   * dashes and underscores, so {@code kafka.outboundPolicy} and the environment form are found.
   */
  public static @Nullable String replacement(String relativeKey) {
    String wanted = loose(relativeKey);
    for (Map.Entry<String, String> entry : REPLACEMENTS.entrySet()) {
      if (loose(entry.getKey()).equals(wanted)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * What a user who sets {@code relativeKey} is told, keys below {@code root} ({@code contextkit.}
   * or {@code quarkus.contextkit.}): {@code renamed to <root><new key>} or the removal sentence
   * with its keys under {@code root}; null when it is not a former key.
   */
  public static @Nullable String advice(String relativeKey, String root) {
    String replacement = replacement(relativeKey);
    if (replacement == null) {
      return null;
    }
    if (!replacement.startsWith("removed:")) {
      return "renamed to " + root + replacement;
    }
    return replacement
        .replace("messaging.internal-destinations", root + "messaging.internal-destinations")
        .replace("trust.third-party-policy", root + "trust.third-party-policy");
  }

  private static String loose(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        b.append('.');
      } else if (c != '-' && c != '_') {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
