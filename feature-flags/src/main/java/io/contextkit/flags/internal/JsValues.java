package io.contextkit.flags.internal;

import io.contextkit.flags.FlagContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JsonLogic's (that is, JavaScript's) truthiness, loose equality, ordering and string conversion
 * over the plain values the evaluator handles. Written without exceptions and without regex because
 * it runs on every evaluation.
 */
final class JsValues {

  private JsValues() {}

  static boolean truthy(@Nullable Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    if (v instanceof List) {
      return !((List<?>) v).isEmpty();
    }
    return true;
  }

  /** JavaScript {@code ==}. */
  static boolean looseEquals(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number && b instanceof Number) {
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    if (a instanceof String && b instanceof String) {
      return a.equals(b);
    }
    if (a instanceof Boolean && b instanceof Boolean) {
      return a.equals(b);
    }
    if (a instanceof Boolean || b instanceof Boolean) {
      // A boolean compares as the number 1 or 0.
      double na = toNumber(a);
      double nb = toNumber(b);
      return !isCollection(a) && !isCollection(b) && na == nb;
    }
    if ((a instanceof Number && b instanceof String)
        || (a instanceof String && b instanceof Number)) {
      return toNumber(a) == toNumber(b);
    }
    return a == b;
  }

  /** JavaScript {@code ===}, with numbers compared by value whatever their Java type. */
  static boolean strictEquals(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number && b instanceof Number) {
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    if (a instanceof String || a instanceof Boolean) {
      return a.equals(b);
    }
    return a == b;
  }

  private static boolean isCollection(Object v) {
    return v instanceof List || v instanceof Map || v instanceof FlagContext;
  }

  /**
   * JavaScript's relational comparison: two strings compare by UTF-16 code units, anything else as
   * numbers. Returns {@code Integer.MIN_VALUE} when the comparison is undefined (NaN).
   */
  static int compare(@Nullable Object a, @Nullable Object b) {
    if (a instanceof String && b instanceof String) {
      int c = ((String) a).compareTo((String) b);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    double x = toNumber(a);
    double y = toNumber(b);
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Integer.MIN_VALUE;
    }
    return x < y ? -1 : (x > y ? 1 : 0);
  }

  /** JavaScript {@code Number(v)}. */
  static double toNumber(@Nullable Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? 1 : 0;
    }
    if (v instanceof String) {
      return parseNumber((String) v);
    }
    return Double.NaN;
  }

  /** Decimal number literal (with surrounding whitespace) to double; NaN when it is not one. */
  static double parseNumber(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && Character.isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return 0;
    }
    int i = start;
    if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      i++;
    }
    int digits = 0;
    while (i < end && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < end && s.charAt(i) == '.') {
      i++;
      while (i < end && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < end && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
    }
    if (i != end) {
      return Double.NaN;
    }
    return Double.parseDouble(s.substring(start, end));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** JavaScript {@code String(v)} for the scalar values; used by {@code cat}. */
  static String toJsString(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
    return String.valueOf(v);
  }
}
