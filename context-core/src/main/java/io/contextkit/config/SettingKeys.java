package io.contextkit.config;

import java.util.Objects;

/**
 * How a framework spells the full name of a setting in its error messages: the root of its property
 * tree and the notation of list elements and map entries. Only messages use it; the settings
 * themselves are the same on every stack.
 */
public final class SettingKeys {

  private final String root;
  private final boolean bracketedEntries;

  private SettingKeys(String root, boolean bracketedEntries) {
    this.root = Objects.requireNonNull(root, "root");
    this.bracketedEntries = bracketedEntries;
  }

  /**
   * Keys below {@code root} (ending in a dot, e.g. {@code contextkit.}) whose map entries are
   * written in brackets, {@code keys[k1]}, as Spring Boot's binder names them.
   */
  public static SettingKeys bracketed(String root) {
    return new SettingKeys(root, true);
  }

  /**
   * Keys below {@code root} (ending in a dot, e.g. {@code quarkus.contextkit.}) whose map entries
   * are a further segment, quoted when the entry name has a dot: {@code keys.k1}, {@code
   * synthetic-responses."*.stripe.com"}, as SmallRye Config names them.
   */
  public static SettingKeys dotted(String root) {
    return new SettingKeys(root, false);
  }

  /** The root, ending in a dot. */
  public String root() {
    return root;
  }

  /** The full name of {@code relative} (e.g. {@code trust.signing.ttl}). */
  public String key(String relative) {
    return root + relative;
  }

  /** The full name of element {@code index} of the list setting {@code relative}. */
  public String element(String relative, int index) {
    return root + relative + "[" + index + "]";
  }

  /** The full name of entry {@code name} of the map setting {@code relative}. */
  public String entry(String relative, String name) {
    if (bracketedEntries) {
      return root + relative + "[" + name + "]";
    }
    boolean quote = name.indexOf('.') >= 0 || name.indexOf('"') >= 0 || name.indexOf('*') >= 0;
    return root + relative + "." + (quote ? "\"" + name + "\"" : name);
  }

  @Override
  public String toString() {
    return root + "*";
  }
}
