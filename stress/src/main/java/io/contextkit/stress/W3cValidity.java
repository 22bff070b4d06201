package io.contextkit.stress;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An independent check of emitted W3C headers, written from the specification rather than from our
 * codec: {@code traceparent} version 00 with non-zero ids, {@code tracestate} as the Level 2
 * grammar (keys, values, at most 32 unique members), and "no raw control character" for log values.
 */
final class W3cValidity {

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_\\-*/@]{0,255}");
  private static final Pattern VALUE =
      Pattern.compile(
          "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");

  private W3cValidity() {}

  /** Whether {@code value} is a valid version-00 {@code traceparent}. */
  static boolean traceparent(@Nullable String value) {
    return value != null
        && TRACEPARENT.matcher(value).matches()
        && !value.substring(3, 35).equals("0".repeat(32))
        && !value.substring(36, 52).equals("0".repeat(16));
  }

  /** Whether {@code value} is a valid {@code tracestate}: at most 32 members with unique keys. */
  static boolean tracestate(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    String[] members = value.split(",", -1);
    if (members.length > 32) {
      return false;
    }
    Set<String> keys = new HashSet<>();
    for (String member : members) {
      int eq = member.indexOf('=');
      if (eq <= 0) {
        return false;
      }
      String key = member.substring(0, eq);
      String val = member.substring(eq + 1);
      if (!KEY.matcher(key).matches() || !VALUE.matcher(val).matches() || !keys.add(key)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every character is visible ASCII or space (what a header value may carry). */
  static boolean visibleAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first raw control character in {@code value} (C0, DEL, C1, or the Unicode line
   * and paragraph separators, which break a log line as well), or -1.
   */
  static int firstControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return i;
      }
    }
    return -1;
  }
}
