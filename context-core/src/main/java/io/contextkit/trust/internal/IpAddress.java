package io.contextkit.trust.internal;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address parsed from its literal text form, without any name resolution.
 *
 * <p>IPv4 addresses occupy the low 32 bits of {@link #lo()}; IPv6 addresses use {@link #hi()} and
 * {@link #lo()} as the upper and lower 64 bits. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d})
 * are normalised to IPv4 when parsed, so that a client reported by a dual-stack socket as {@code
 * ::ffff:10.1.2.3} matches the IPv4 block {@code 10.0.0.0/8}.
 *
 * <p>Parsing never throws and never resolves: it returns {@code null} for anything that is not a
 * literal. IPv4 octets with leading zeros ({@code 010.0.0.1}) are rejected because some parsers
 * read them as octal, so their meaning is ambiguous.
 */
public final class IpAddress {

  private static final long MAPPED_PREFIX = 0xffffL << 32;

  private final boolean v6;
  private final long hi;
  private final long lo;

  private IpAddress(boolean v6, long hi, long lo) {
    this.v6 = v6;
    this.hi = hi;
    this.lo = lo;
  }

  static IpAddress v4(long bits) {
    return new IpAddress(false, 0L, bits & 0xffffffffL);
  }

  static IpAddress v6(long hi, long lo) {
    if (hi == 0L && (lo & 0xffffffff00000000L) == MAPPED_PREFIX) {
      return v4(lo);
    }
    return new IpAddress(true, hi, lo);
  }

  /** Whether this is an IPv6 address (IPv4-mapped addresses are reported as IPv4). */
  public boolean isV6() {
    return v6;
  }

  /** Upper 64 bits of an IPv6 address; 0 for IPv4. */
  public long hi() {
    return hi;
  }

  /** Lower 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits. */
  public long lo() {
    return lo;
  }

  /** The number of bits of this address family: 32 or 128. */
  public int bitLength() {
    return v6 ? 128 : 32;
  }

  /**
   * Parses a bare literal: dotted-quad IPv4 or RFC 4291 IPv6 text (with {@code ::} and an optional
   * embedded IPv4 tail). No brackets, no zone id, no surrounding whitespace.
   *
   * @return the address, or {@code null} when {@code text} is not such a literal
   */
  public static @Nullable IpAddress parse(String text) {
    return parse(text, 0, text.length());
  }

  /**
   * Parses {@code text[from, to)} as a bare literal; see {@link #parse(String)}.
   *
   * @return the address, or {@code null} when the range is not such a literal
   */
  public static @Nullable IpAddress parse(String text, int from, int to) {
    if (from < 0 || to > text.length() || from >= to) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == ':') {
        return parseV6(text, from, to);
      }
    }
    long v4 = parseV4(text, from, to);
    return v4 < 0 ? null : v4(v4);
  }

  /**
   * Parses a peer address as transports report it: a bare literal, an IPv6 literal in brackets
   * ({@code [::1]}), and IPv6 literals with a zone id ({@code fe80::1%eth0}, the zone is ignored).
   *
   * @return the address, or {@code null} for anything else (host names included)
   */
  public static @Nullable IpAddress parseRemote(@Nullable String text) {
    if (text == null) {
      return null;
    }
    int from = 0;
    int to = text.length();
    if (to >= 2 && text.charAt(0) == '[' && text.charAt(to - 1) == ']') {
      from = 1;
      to--;
    }
    int zone = text.indexOf('%', from);
    if (zone >= 0 && zone < to) {
      // A zone id only qualifies a link-local IPv6 address; it is not part of the address bits.
      if (zone == to - 1) {
        return null;
      }
      IpAddress address = parse(text, from, zone);
      return address != null && address.v6 ? address : null;
    }
    return parse(text, from, to);
  }

  /** Returns the IPv4 address bits, or -1 when {@code text[from, to)} is not a dotted quad. */
  static long parseV4(String text, int from, int to) {
    long result = 0;
    int octets = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 4) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255) {
        return -1;
      }
      if (digits > 1 && text.charAt(start) == '0') {
        return -1;
      }
      result = (result << 8) | value;
      octets++;
      if (octets == 4) {
        return i == to ? result : -1;
      }
      if (i >= to || text.charAt(i) != '.') {
        return -1;
      }
      i++;
    }
  }

  private static @Nullable IpAddress parseV6(String text, int from, int to) {
    int[] groups = new int[8];
    int count = 0;
    int compressedAt = -1;
    int i = from;
    if (to - from >= 2 && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
      compressedAt = 0;
      i += 2;
      if (i == to) {
        return v6(0L, 0L);
      }
    }
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 5) {
        int digit = hexValue(text.charAt(i));
        if (digit < 0) {
          break;
        }
        value = (value << 4) | digit;
        i++;
      }
      if (i < to && text.charAt(i) == '.') {
        // Embedded IPv4 tail: it fills the last two groups and must end the literal.
        if (count > 6) {
          return null;
        }
        long v4 = parseV4(text, start, to);
        if (v4 < 0) {
          return null;
        }
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xffff);
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || count == 8) {
        return null;
      }
      groups[count++] = value;
      if (i == to) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && text.charAt(i) == ':') {
        if (compressedAt >= 0) {
          return null;
        }
        compressedAt = count;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return null;
      }
    }
    if (compressedAt < 0) {
      if (count != 8) {
        return null;
      }
    } else {
      // "::" stands for at least one group of zeros.
      if (count > 7) {
        return null;
      }
      int tail = count - compressedAt;
      int shift = 8 - count;
      for (int k = tail - 1; k >= 0; k--) {
        groups[compressedAt + shift + k] = groups[compressedAt + k];
      }
      for (int k = compressedAt; k < compressedAt + shift; k++) {
        groups[k] = 0;
      }
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 4; k++) {
      hi = (hi << 16) | groups[k];
      lo = (lo << 16) | groups[k + 4];
    }
    return v6(hi, lo);
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpAddress that && v6 == that.v6 && hi == that.hi && lo == that.lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo) + (v6 ? 1 : 0);
  }

  /** IPv4 dotted quad, or IPv6 in RFC 5952 canonical text (lower case, longest zero run as ::). */
  @Override
  public String toString() {
    if (!v6) {
      return (lo >>> 24 & 0xff)
          + "."
          + (lo >>> 16 & 0xff)
          + "."
          + (lo >>> 8 & 0xff)
          + "."
          + (lo & 0xff);
    }
    int[] groups = new int[8];
    for (int k = 0; k < 4; k++) {
      groups[k] = (int) (hi >>> (48 - 16 * k) & 0xffff);
      groups[k + 4] = (int) (lo >>> (48 - 16 * k) & 0xffff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int k = 0; k < 8; ) {
      if (groups[k] != 0) {
        k++;
        continue;
      }
      int start = k;
      while (k < 8 && groups[k] == 0) {
        k++;
      }
      if (k - start > bestLength) {
        bestStart = start;
        bestLength = k - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        text.append("::");
        k += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[k]));
    }
    return text.toString();
  }
}
