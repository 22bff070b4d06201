package io.contextkit.flags.internal;

/**
 * Text from flag definitions made safe for one log line: control characters (CR, LF, TAB, the
 * Unicode line and paragraph separators, every other ISO control character) and backslashes are
 * written as Java escapes, so a flag key or a message can neither break the line nor forge another;
 * long text is cut.
 */
public final class LogText {

  private LogText() {}

  /** {@code text} escaped, at most {@code max} characters of it (then "…"). */
  public static String escape(String text, int max) {
    int n = Math.min(text.length(), max);
    if (n < text.length() && n > 0 && Character.isHighSurrogate(text.charAt(n - 1))) {
      n--; // never cut a surrogate pair in two
    }
    StringBuilder sb = new StringBuilder(n + 8);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (Character.isISOControl(c)
          || c == '\u2028'
          || c == '\u2029'
          || Character.isSurrogate(c) && !validSurrogateAt(text, i)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (n < text.length()) {
      sb.append('…');
    }
    return sb.toString();
  }

  /** {@code text} escaped as above and in double quotes, with quotes inside escaped. */
  public static String quote(String text, int max) {
    return "\"" + escape(text, max).replace("\"", "\\\"") + "\"";
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
