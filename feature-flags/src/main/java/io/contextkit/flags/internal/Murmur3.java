package io.contextkit.flags.internal;

/**
 * MurmurHash3 x86_32 over the UTF-8 encoding of strings, as flagd's {@code fractional} operator
 * uses it (seed 0). The UTF-8 bytes are produced on the fly, so hashing {@code flagKey +
 * targetingKey} needs neither a concatenated string nor a byte array.
 */
public final class Murmur3 {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private int h;
  private int block;
  private int blockBytes;
  private int length;
  private char pendingHigh;

  private Murmur3(int seed) {
    this.h = seed;
  }

  /** Hash of raw bytes; the reference form the vectors in the literature use. */
  public static int hash32(byte[] data, int seed) {
    Murmur3 m = new Murmur3(seed);
    for (byte b : data) {
      m.add(b & 0xff);
    }
    return m.finish();
  }

  /** Hash of the UTF-8 bytes of {@code s}, seed 0. */
  public static int hashUtf8(String s) {
    return hashUtf8(s, "");
  }

  /** Hash of the UTF-8 bytes of {@code first} followed by those of {@code second}, seed 0. */
  public static int hashUtf8(String first, String second) {
    // A fresh accumulator per call is a scalar-replaceable object: escape analysis removes it.
    Murmur3 m = new Murmur3(0);
    m.addUtf8(first);
    m.addUtf8(second);
    return m.finish();
  }

  private void addUtf8(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (pendingHigh != 0) {
        // A high surrogate ending the previous string pairs with a low one starting this string,
        // exactly as it would in the concatenation.
        char high = pendingHigh;
        pendingHigh = 0;
        if (Character.isLowSurrogate(c)) {
          addCodePoint(Character.toCodePoint(high, c));
          continue;
        }
        add('?');
      }
      if (c < 0x80) {
        add(c);
      } else if (c < 0x800) {
        add(0xc0 | (c >> 6));
        add(0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        addCodePoint(Character.toCodePoint(c, s.charAt(++i)));
      } else if (Character.isHighSurrogate(c) && i + 1 == n) {
        pendingHigh = c;
      } else if (Character.isSurrogate(c)) {
        // Unpaired surrogate: String.getBytes(UTF_8) writes '?', and so do we.
        add('?');
      } else {
        add(0xe0 | (c >> 12));
        add(0x80 | ((c >> 6) & 0x3f));
        add(0x80 | (c & 0x3f));
      }
    }
  }

  private void addCodePoint(int cp) {
    add(0xf0 | (cp >> 18));
    add(0x80 | ((cp >> 12) & 0x3f));
    add(0x80 | ((cp >> 6) & 0x3f));
    add(0x80 | (cp & 0x3f));
  }

  private void add(int unsignedByte) {
    block |= unsignedByte << (8 * blockBytes);
    length++;
    if (++blockBytes == 4) {
      int k = block * C1;
      k = Integer.rotateLeft(k, 15);
      k *= C2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
      block = 0;
      blockBytes = 0;
    }
  }

  private int finish() {
    if (pendingHigh != 0) {
      pendingHigh = 0;
      add('?');
    }
    if (blockBytes > 0) {
      int k = block * C1;
      k = Integer.rotateLeft(k, 15);
      k *= C2;
      h ^= k;
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
