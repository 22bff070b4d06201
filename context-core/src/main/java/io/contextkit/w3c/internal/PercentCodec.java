package io.contextkit.w3c.internal;

import org.jspecify.annotations.Nullable;

/**
 * Percent-encoding of UTF-8 baggage values, written by hand so that decoding reports bad input by
 * returning {@code null} instead of throwing, and rejects control characters that could forge log
 * lines or headers.
 */
public final class PercentCodec {

  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private PercentCodec() {}

  /**
   * Decodes {@code s[from, to)}, which must consist of baggage-octets, as percent-encoded UTF-8.
   *
   * @return the decoded value, or {@code null} when a percent sequence is malformed, the bytes are
   *     not well-formed UTF-8 (overlong forms and surrogates included) or a decoded character is an
   *     ISO control character
   */
  public static @Nullable String decode(CharSequence s, int from, int to) {
    int percent = -1;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!Ascii.isBaggageOctet(c)) {
        return null;
      }
      if (c == '%' && percent < 0) {
        percent = i;
      }
    }
    if (percent < 0) {
      return s.subSequence(from, to).toString();
    }
    byte[] bytes = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          return null;
        }
        int hi = Ascii.anyHexValue(s.charAt(i + 1));
        int lo = Ascii.anyHexValue(s.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return decodeUtf8(bytes, n);
  }

  private static @Nullable String decodeUtf8(byte[] bytes, int length) {
    char[] out = new char[length];
    int k = 0;
    int j = 0;
    while (j < length) {
      int b = bytes[j] & 0xFF;
      int cp;
      int extra;
      int min;
      if (b < 0x80) {
        cp = b;
        extra = 0;
        min = 0;
      } else if (b >= 0xC2 && b <= 0xDF) {
        cp = b & 0x1F;
        extra = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        cp = b & 0x0F;
        extra = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        cp = b & 0x07;
        extra = 3;
        min = 0x10000;
      } else {
        return null;
      }
      if (j + extra >= length) {
        return null;
      }
      for (int e = 1; e <= extra; e++) {
        int cont = bytes[j + e] & 0xFF;
        if ((cont & 0xC0) != 0x80) {
          return null;
        }
        cp = (cp << 6) | (cont & 0x3F);
      }
      if (cp < min
          || cp > 0x10FFFF
          || (cp >= 0xD800 && cp <= 0xDFFF)
          || Character.isISOControl(cp)) {
        return null;
      }
      if (cp < 0x10000) {
        out[k++] = (char) cp;
      } else {
        out[k++] = Character.highSurrogate(cp);
        out[k++] = Character.lowSurrogate(cp);
      }
      j += extra + 1;
    }
    return new String(out, 0, k);
  }

  /**
   * Whether {@code value} can be carried as a baggage value: well-formed UTF-16 (no lone
   * surrogates) and free of ISO control characters.
   */
  public static boolean isEncodable(CharSequence value) {
    int len = value.length();
    for (int i = 0; i < len; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= len || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Appends {@code value} percent-encoded: baggage-octets other than {@code %} stay as they are,
   * everything else becomes {@code %XX} of its UTF-8 bytes. A lone surrogate, which {@link
   * #isEncodable} rejects upstream, is written as U+FFFD rather than failing.
   */
  public static void encode(StringBuilder out, CharSequence value) {
    int len = value.length();
    int plain = 0;
    while (plain < len && isPlain(value.charAt(plain))) {
      plain++;
    }
    if (plain == len) {
      // The usual case: nothing to encode, so the value is appended whole.
      out.append(value);
      return;
    }
    out.append(value, 0, plain);
    for (int i = plain; i < len; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c != '%' && Ascii.isBaggageOctet(c)) {
          out.append(c);
        } else {
          appendByte(out, c);
        }
      } else if (c < 0x800) {
        appendByte(out, 0xC0 | (c >> 6));
        appendByte(out, 0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        appendByte(out, 0xF0 | (cp >> 18));
        appendByte(out, 0x80 | ((cp >> 12) & 0x3F));
        appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
        appendByte(out, 0x80 | (cp & 0x3F));
      } else {
        int cp = Character.isSurrogate(c) ? 0xFFFD : c;
        appendByte(out, 0xE0 | (cp >> 12));
        appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
        appendByte(out, 0x80 | (cp & 0x3F));
      }
    }
  }

  private static boolean isPlain(char c) {
    return c != '%' && Ascii.isBaggageOctet(c);
  }

  private static void appendByte(StringBuilder out, int b) {
    out.append('%').append(UPPER_HEX[(b >> 4) & 0xF]).append(UPPER_HEX[b & 0xF]);
  }
}
