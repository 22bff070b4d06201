package io.contextkit.quarkus.runtime.internal;

import io.contextkit.config.RenamedSettings;
import java.util.Locale;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start an application that still sets a removed {@code quarkus.contextkit.*} key whose
 * silent absence would change what leaves the service. SmallRye only warns about an unknown key;
 * for {@code messaging.kafka.outbound-policy} that warning would hide that records to topics not
 * listed in {@code messaging.internal-destinations} no longer carry the identity baggage. Internal
 * to ContextKit.
 */
public final class RemovedKeys {

  private static final String ROOT = "quarkus.contextkit.";

  /** The removed keys that stop the application, relative to the root. */
  private static final String[] FATAL = {
    RenamedSettings.KAFKA_OUTBOUND_POLICY, "kafka.outbound-policy"
  };

  private RemovedKeys() {}

  /** Checks the application's configuration. */
  public static void check() {
    check(ConfigProvider.getConfig());
  }

  /**
   * @throws IllegalStateException naming each removed key that {@code config} sets (never a value)
   *     and what replaces it
   */
  static void check(Config config) {
    TreeSet<String> found = new TreeSet<>();
    for (String name : config.getPropertyNames()) {
      for (String removed : FATAL) {
        String full = ROOT + removed;
        if (name.equals(full) || name.equals(env(full))) {
          found.add(name);
        }
      }
    }
    if (found.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder();
    for (String name : found) {
      message.append(message.length() == 0 ? "" : "; ").append(name).append(" was ");
      message.append(
          RenamedSettings.PER_DESTINATION
              .replace("messaging.internal-destinations", ROOT + "messaging.internal-destinations")
              .replace("trust.third-party-policy", ROOT + "trust.third-party-policy"));
    }
    throw new IllegalStateException(
        message + " (as on Spring and for AMQP and JMS); remove the key to start");
  }

  /** The environment-variable form of a key, as SmallRye reads it. */
  private static String env(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append(Character.isLetterOrDigit(c) ? c : '_');
    }
    return b.toString().toUpperCase(Locale.ROOT);
  }
}
