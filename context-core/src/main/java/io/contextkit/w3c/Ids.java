package io.contextkit.w3c;

import io.contextkit.w3c.internal.Ascii;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Generation and validation of W3C trace ids (32 lowercase hex characters) and span/parent ids (16
 * lowercase hex characters), neither of which may be all zeros.
 *
 * <p>Generation uses {@link ThreadLocalRandom}: fast and contention-free, uniformly random over the
 * whole id (so the Level 2 <em>random</em> flag may be set for trace ids made here), but not
 * cryptographically unpredictable. Thread-safe.
 */
public final class Ids {

  /** Length of a trace id in hex characters. */
  public static final int TRACE_ID_LENGTH = 32;

  /** Length of a span/parent id in hex characters. */
  public static final int SPAN_ID_LENGTH = 16;

  private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  /** Returns a new random trace id: 32 lowercase hex characters, never all zeros. */
  public static String randomTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long hi;
    long lo;
    do {
      hi = random.nextLong();
      lo = random.nextLong();
    } while (hi == 0 && lo == 0);
    // Latin-1 bytes: the String takes one copy of 32 bytes instead of compressing 32 chars.
    byte[] bytes = new byte[TRACE_ID_LENGTH];
    writeHex(bytes, 0, hi);
    writeHex(bytes, 16, lo);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Returns a new random span/parent id: 16 lowercase hex characters, never all zeros. */
  public static String randomSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return toHex(id);
  }

  /** Whether {@code id} is a valid trace id: 32 lowercase hex characters, not all zeros. */
  public static boolean isValidTraceId(@Nullable CharSequence id) {
    return id != null
        && id.length() == TRACE_ID_LENGTH
        && Ascii.isNonZeroLowerHex(id, 0, TRACE_ID_LENGTH);
  }

  /** Whether {@code id} is a valid span/parent id: 16 lowercase hex characters, not all zeros. */
  public static boolean isValidSpanId(@Nullable CharSequence id) {
    return id != null
        && id.length() == SPAN_ID_LENGTH
        && Ascii.isNonZeroLowerHex(id, 0, SPAN_ID_LENGTH);
  }

  /** Whether every character of {@code s} is a lowercase hex digit (true for the empty string). */
  public static boolean isLowerHex(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (Ascii.lowerHexValue(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code value} as 16 lowercase hex characters, zero-padded. */
  public static String toHex(long value) {
    // HexFormat hands its digit array to the String without a copy; lowercase by default.
    return HEX.toHexDigits(value);
  }

  /** Returns {@code value} as 2 lowercase hex characters; only the low 8 bits are used. */
  public static String byteToHex(int value) {
    return new String(new char[] {LOWER_HEX[(value >> 4) & 0xF], LOWER_HEX[value & 0xF]});
  }

  /**
   * Parses 16 lowercase hex characters into a long.
   *
   * @throws IllegalArgumentException when {@code hex} is not exactly 16 lowercase hex characters
   */
  public static long parseHexLong(CharSequence hex) {
    if (hex.length() != 16 || !isLowerHex(hex)) {
      throw new IllegalArgumentException("hex must be 16 lowercase hex characters: " + hex);
    }
    long value = 0;
    for (int i = 0; i < 16; i++) {
      value = (value << 4) | Ascii.lowerHexValue(hex.charAt(i));
    }
    return value;
  }

  static void appendHexByte(StringBuilder out, int value) {
    out.append(LOWER_HEX[(value >> 4) & 0xF]).append(LOWER_HEX[value & 0xF]);
  }

  private static void writeHex(byte[] bytes, int offset, long value) {
    for (int i = 15; i >= 0; i--) {
      bytes[offset + i] = (byte) LOWER_HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
