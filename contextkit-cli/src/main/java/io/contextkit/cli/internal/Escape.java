package io.contextkit.cli.internal;

/**
 * Makes text from input safe to print on a terminal: nothing a verb prints can move the cursor,
 * start an escape sequence, reorder text or forge a line. Backslash, control characters ({@code
 * \n}, {@code \r}, {@code \t} by name, others as {@code \}{@code uXXXX}), format characters
 * (bidirectional overrides, zero-width characters), line and paragraph separators, unpaired
 * surrogates and unassigned code points are escaped; printable text, non-ASCII letters included, is
 * kept. Escaping is injective: the backslash itself is escaped, so an escaped text never collides
 * with a literal one.
 */
public final class Escape {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Escape() {}

  /** {@code value} with every unsafe character escaped. */
  public static String text(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      int codePoint = pair ? Character.toCodePoint(c, value.charAt(i + 1)) : c;
      String escaped = escape(codePoint, pair);
      if (escaped == null) {
        if (out != null) {
          out.appendCodePoint(codePoint);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(value.length() + 16).append(value, 0, i);
        }
        out.append(escaped);
      }
      if (pair) {
        i++;
      }
    }
    return out == null ? value : out.toString();
  }

  /** {@code value} escaped and in single quotes, for messages that quote input. */
  public static String quoted(String value) {
    return "'" + text(value) + "'";
  }

  private static String escape(int codePoint, boolean pair) {
    switch (codePoint) {
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    int type = Character.getType(codePoint);
    boolean unsafe =
        type == Character.CONTROL
            || type == Character.FORMAT
            || type == Character.LINE_SEPARATOR
            || type == Character.PARAGRAPH_SEPARATOR
            || type == Character.UNASSIGNED
            || type == Character.PRIVATE_USE
            || (type == Character.SURROGATE && !pair);
    if (!unsafe) {
      return null;
    }
    if (codePoint > 0xffff) {
      return "\\u"
          + hex4(Character.highSurrogate(codePoint))
          + "\\u"
          + hex4(Character.lowSurrogate(codePoint));
    }
    return "\\u" + hex4(codePoint);
  }

  private static String hex4(int value) {
    return new String(
        new char[] {
          HEX[value >>> 12 & 0xf], HEX[value >>> 8 & 0xf], HEX[value >>> 4 & 0xf], HEX[value & 0xf]
        });
  }
}
