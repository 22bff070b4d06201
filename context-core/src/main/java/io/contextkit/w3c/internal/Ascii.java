package io.contextkit.w3c.internal;

import java.util.Arrays;

/**
 * Character classes of the W3C grammars, as lookup tables so that the parsers need neither regex
 * nor branches per class.
 */
public final class Ascii {

  private static final boolean[] TCHAR = new boolean[128];
  private static final boolean[] BAGGAGE_OCTET = new boolean[128];
  private static final boolean[] TRACESTATE_KEY_CHAR = new boolean[128];
  private static final byte[] HEX_VALUE = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
      TRACESTATE_KEY_CHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TRACESTATE_KEY_CHAR[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      TCHAR[c] = true;
    }
    // RFC 7230 tchar punctuation.
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
    for (char c : "_-*/@".toCharArray()) {
      TRACESTATE_KEY_CHAR[c] = true;
    }
    // baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
    for (int c = 0x21; c <= 0x7E; c++) {
      BAGGAGE_OCTET[c] = c != '"' && c != ',' && c != ';' && c != '\\';
    }
    Arrays.fill(HEX_VALUE, (byte) -1);
    for (char c = '0'; c <= '9'; c++) {
      HEX_VALUE[c] = (byte) (c - '0');
    }
    for (char c = 'a'; c <= 'f'; c++) {
      HEX_VALUE[c] = (byte) (c - 'a' + 10);
    }
  }

  private Ascii() {}

  /** Optional whitespace of RFC 7230: space or horizontal tab. */
  public static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 7230 {@code tchar}, the characters of a token. */
  public static boolean isTchar(char c) {
    return c < 128 && TCHAR[c];
  }

  /**
   * W3C baggage {@code baggage-octet}: printable ASCII except DQUOTE, comma, semicolon, backslash.
   */
  public static boolean isBaggageOctet(char c) {
    return c < 128 && BAGGAGE_OCTET[c];
  }

  /**
   * Trace Context {@code keychar}, the characters of a key after its first: lowercase letters,
   * digits, {@code _-* /} and {@code @}.
   */
  public static boolean isTraceStateKeyChar(char c) {
    return c < 128 && TRACESTATE_KEY_CHAR[c];
  }

  /** Trace Context {@code chr}: 0x20-0x7E except comma and equals sign. */
  public static boolean isTraceStateValueChar(char c) {
    return c >= 0x20 && c <= 0x7E && c != ',' && c != '=';
  }

  /** Lowercase letter {@code a-z}. */
  public static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  /** Decimal digit. */
  public static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Value of a lowercase hex digit, or -1 (uppercase is not hex in Trace Context). */
  public static int lowerHexValue(char c) {
    return c < 128 ? HEX_VALUE[c] : -1;
  }

  /** Value of a hex digit of either case (percent-encoding is case-insensitive), or -1. */
  public static int anyHexValue(char c) {
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return lowerHexValue(c);
  }

  /** Whether {@code s[from, to)} is lowercase hex and not all zeros. */
  public static boolean isNonZeroLowerHex(CharSequence s, int from, int to) {
    boolean nonZero = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int v = lowerHexValue(c);
      if (v < 0) {
        return false;
      }
      if (v != 0) {
        nonZero = true;
      }
    }
    return nonZero;
  }

  /** {@code c} with {@code A-Z} mapped to {@code a-z}; every other character unchanged. */
  public static char toLowerCase(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Index of the first non-OWS character at or after {@code from}, or {@code to}. */
  public static int skipOws(CharSequence s, int from, int to) {
    int i = from;
    while (i < to && isOws(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Index after the last non-OWS character before {@code to}, or {@code from}. */
  public static int trimOwsEnd(CharSequence s, int from, int to) {
    int i = to;
    while (i > from && isOws(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** Whether {@code s[from, to)} is a non-empty RFC 7230 token. */
  public static boolean isToken(CharSequence s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} consists of baggage-octets only (may be empty). */
  public static boolean isBaggageOctets(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isBaggageOctet(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
