package io.contextkit.flags.internal;

import org.jspecify.annotations.Nullable;

/**
 * A semantic version as flagd's {@code sem_ver} reads it: {@code
 * MAJOR[.MINOR[.PATCH]][-PRE][+BUILD]}, an optional leading {@code v}/{@code V}, missing parts read
 * as 0, build metadata ignored for ordering. Parsing is a hand-written scanner (no regex): it runs
 * on the evaluation path for context values.
 */
final class SemVer {

  private final long major;
  private final long minor;
  private final long patch;
  private final String @Nullable [] pre;

  private SemVer(long major, long minor, long patch, String @Nullable [] pre) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
  }

  /** Returns the version, or {@code null} when {@code s} is not one. */
  static @Nullable SemVer parse(String s) {
    int n = s.length();
    int i = 0;
    if (n > 0 && (s.charAt(0) == 'v' || s.charAt(0) == 'V')) {
      i = 1;
    }
    long major = 0;
    long minor = 0;
    long patch = 0;
    int count = 0;
    while (true) {
      int start = i;
      long value = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start > 15) {
          return null;
        }
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || (i - start > 1 && s.charAt(start) == '0')) {
        return null;
      }
      // Locals rather than an array: this runs per evaluation for context values.
      if (count == 0) {
        major = value;
      } else if (count == 1) {
        minor = value;
      } else {
        patch = value;
      }
      count++;
      if (i < n && s.charAt(i) == '.') {
        if (count == 3) {
          return null; // a fourth numeric part: not a semantic version
        }
        i++;
        continue;
      }
      break;
    }
    String[] pre = null;
    if (i < n && s.charAt(i) == '-') {
      int end = s.indexOf('+', i + 1);
      if (end < 0) {
        end = n;
      }
      pre = identifiers(s, i + 1, end);
      if (pre == null) {
        return null;
      }
      i = end;
    }
    if (i < n && s.charAt(i) == '+') {
      if (identifiers(s, i + 1, n) == null) {
        return null;
      }
      i = n;
    }
    if (i != n) {
      return null;
    }
    return new SemVer(major, minor, patch, pre);
  }

  private static String @Nullable [] identifiers(String s, int from, int to) {
    if (from >= to) {
      return null;
    }
    int count = 1;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '.') {
        count++;
      }
    }
    String[] ids = new String[count];
    int idx = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (i == start) {
          return null;
        }
        for (int j = start; j < i; j++) {
          char c = s.charAt(j);
          boolean ok =
              (c >= '0' && c <= '9')
                  || (c >= 'a' && c <= 'z')
                  || (c >= 'A' && c <= 'Z')
                  || c == '-';
          if (!ok) {
            return null;
          }
        }
        ids[idx++] = s.substring(start, i);
        start = i + 1;
      }
    }
    return ids;
  }

  long major() {
    return major;
  }

  long minor() {
    return minor;
  }

  /** Precedence as defined by semver.org §11 (build metadata ignored). */
  int compareTo(SemVer other) {
    int c = Long.compare(major, other.major);
    if (c == 0) {
      c = Long.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, other.patch);
    }
    if (c != 0) {
      return c;
    }
    if (pre == null || other.pre == null) {
      return pre == null ? (other.pre == null ? 0 : 1) : -1;
    }
    int n = Math.min(pre.length, other.pre.length);
    for (int i = 0; i < n; i++) {
      c = compareIdentifier(pre[i], other.pre[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pre.length, other.pre.length);
  }

  private static int compareIdentifier(String a, String b) {
    boolean an = isNumeric(a);
    boolean bn = isNumeric(b);
    if (an && bn) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
