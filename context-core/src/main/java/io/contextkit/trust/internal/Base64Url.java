package io.contextkit.trust.internal;

import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Unpadded base64url (RFC 4648 §5) with a strict, canonical decoder: every byte string has exactly
 * one accepted text form. The JDK decoder tolerates non-zero bits in the last character, which
 * would let a changed signature character decode to the same MAC; this decoder rejects them, and it
 * reports bad input by returning {@code null} instead of throwing.
 */
public final class Base64Url {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /** Encodes {@code bytes} as unpadded base64url. */
  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes {@code text[from, to)}, which must be non-empty, unpadded, canonical base64url.
   *
   * @return the bytes, or {@code null} for any other input
   */
  public static byte @Nullable [] decode(String text, int from, int to) {
    int length = to - from;
    if (length <= 0 || length % 4 == 1) {
      return null;
    }
    byte[] out = new byte[length * 3 / 4];
    int bits = 0;
    int bitCount = 0;
    int o = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int value = c < 128 ? VALUES[c] : -1;
      if (value < 0) {
        return null;
      }
      bits = (bits << 6) | value;
      bitCount += 6;
      if (bitCount >= 8) {
        bitCount -= 8;
        out[o++] = (byte) (bits >>> bitCount);
        bits &= (1 << bitCount) - 1;
      }
    }
    // Leftover bits (2 or 4) are padding and must be zero for the text to be canonical.
    return bits == 0 ? out : null;
  }
}
