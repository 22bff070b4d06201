package io.contextkit.noop.internal;

import java.util.List;

/**
 * Destination name patterns with {@code *} wildcards ({@code orders}, {@code internal.*}, {@code
 * *.events}, {@code *}), matched case-sensitively without regex.
 */
public final class NamePatterns {

  private final String[] patterns;

  private NamePatterns(String[] patterns) {
    this.patterns = patterns;
  }

  /**
   * Compiles {@code patterns}.
   *
   * @throws IllegalArgumentException for an empty pattern
   */
  public static NamePatterns of(List<String> patterns) {
    String[] copy = new String[patterns.size()];
    for (int i = 0; i < copy.length; i++) {
      String p = patterns.get(i).strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("Invalid destination pattern: empty");
      }
      copy[i] = p;
    }
    return new NamePatterns(copy);
  }

  /** Whether any pattern matches {@code name}. */
  public boolean matches(String name) {
    for (String p : patterns) {
      if (glob(p, name)) {
        return true;
      }
    }
    return false;
  }

  /** Linear-time glob match with single backtracking point per star. */
  static boolean glob(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int mark = 0;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = n;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
        p++;
        n++;
      } else if (star >= 0) {
        p = star + 1;
        n = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
