package io.contextkit.testing.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Generators of peer addresses as transports and headers spell them: IPv4 dotted quads, IPv6 in
 * full, with leading zeros, compressed at any zero run, in upper case, with an IPv4 tail; the
 * remote forms servers report ({@code [v6]}, zone ids); and near misses a parser must refuse.
 */
public final class PeerAddresses {

  private PeerAddresses() {}

  /** An address literal and the address bytes it stands for (4 or 16). */
  public record Literal(String text, byte[] bytes) {
    public Literal {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** Four address bytes. */
  public static Gen<byte[]> ipv4Bytes() {
    return Gen.bytes(4, 4);
  }

  /** Sixteen address bytes, any address. */
  public static Gen<byte[]> ipv6Bytes() {
    return Gen.bytes(16, 16);
  }

  /**
   * Sixteen address bytes with groups zeroed at random (so compression has runs to work on),
   * outside the IPv4-mapped and IPv4-compatible ranges, whose text forms name IPv4 addresses.
   */
  public static Gen<byte[]> ipv6BytesWithZeroRuns() {
    Gen<byte[]> groups = ipv6Bytes();
    Gen<Integer> zeroMask = Gen.ints(0, 255);
    return c -> {
      byte[] bytes = groups.generate(c);
      int mask = zeroMask.generate(c);
      for (int k = 0; k < 8; k++) {
        if ((mask >>> k & 1) == 1) {
          bytes[2 * k] = 0;
          bytes[2 * k + 1] = 0;
        }
      }
      bytes[0] = (byte) (bytes[0] | 0x20); // 2000::/3, clear of the ranges that mean IPv4
      return bytes;
    };
  }

  /** Dotted-quad IPv4 literals, as the JDK writes them. */
  public static Gen<Literal> ipv4Literals() {
    return ipv4Bytes().map(b -> new Literal(dotted(b, 0), b));
  }

  /**
   * IPv6 literals of {@link #ipv6BytesWithZeroRuns()} in every form RFC 4291 allows: groups with or
   * without leading zeros, upper or lower case, any one zero run compressed to {@code ::}, the last
   * 32 bits as a dotted quad.
   */
  public static Gen<Literal> ipv6Literals() {
    Gen<byte[]> addresses = ipv6BytesWithZeroRuns();
    Gen<Boolean> flags = Gen.booleans();
    Gen<Integer> runPick = Gen.ints(0, 7);
    return c -> {
      byte[] bytes = addresses.generate(c);
      boolean leadingZeros = flags.generate(c);
      boolean upper = flags.generate(c);
      boolean dottedTail = flags.generate(c);
      boolean compress = flags.generate(c);
      int pick = runPick.generate(c);
      int groupCount = dottedTail ? 6 : 8;
      List<String> groups = new ArrayList<>();
      for (int k = 0; k < groupCount; k++) {
        int group = (bytes[2 * k] & 0xff) << 8 | bytes[2 * k + 1] & 0xff;
        String text = leadingZeros ? String.format("%04x", group) : Integer.toHexString(group);
        groups.add(upper ? text.toUpperCase(Locale.ROOT) : text);
      }
      @Nullable String tail = dottedTail ? dotted(bytes, 12) : null;
      String text = compress ? compressOneRun(groups, tail, pick) : String.join(":", groups);
      if (!compress && tail != null) {
        text = text + ":" + tail;
      }
      return new Literal(text, bytes);
    };
  }

  /** What servers report as a remote IPv6 address: bracketed, with a zone id, or both. */
  public static Gen<String> ipv6RemoteForms() {
    Gen<Literal> literals = ipv6Literals();
    Gen<String> zones = Gen.elements("eth0", "1", "en0", "lo");
    Gen<Integer> form = Gen.ints(0, 2);
    return c -> {
      String text = literals.generate(c).text();
      String zone = zones.generate(c);
      return switch (form.generate(c)) {
        case 0 -> "[" + text + "]";
        case 1 -> text + "%" + zone;
        default -> "[" + text + "%25" + zone + "]";
      };
    };
  }

  /**
   * Text that is not a bare address literal: octets past 255 or with leading zeros, too few or too
   * many parts, two {@code ::}, over-long groups, brackets, zone ids, surrounding white space,
   * hexadecimal or single-number IPv4, non-ASCII digits.
   */
  public static Gen<String> malformedLiterals() {
    Gen<Literal> v4 = ipv4Literals();
    Gen<Literal> v6 = ipv6Literals();
    Gen<Integer> octet = Gen.ints(256, 999);
    return Gen.oneOf(
        c -> v4.generate(c).text().replaceFirst("^\\d+", String.valueOf(octet.generate(c))),
        v4.map(l -> "0" + l.text()),
        v4.map(l -> l.text().substring(0, l.text().lastIndexOf('.'))),
        v4.map(l -> l.text() + ".1"),
        v4.map(l -> l.text() + "."),
        v4.map(l -> " " + l.text()),
        v4.map(l -> "0x" + l.text()),
        v4.map(l -> (char) ('\u0660' + l.text().charAt(0) - '0') + l.text().substring(1)),
        v6.map(l -> "[" + l.text() + "]"),
        v6.map(l -> l.text() + "%eth0"),
        v6.map(l -> l.text() + " "),
        v6.map(l -> "1::" + l.text().replace("::", ":") + "::1"),
        v6.map(l -> l.text().contains("::") ? l.text() + ":1:2:3:4:5:6:7:8" : l.text() + ":1"),
        v6.map(l -> "12345:" + l.text()),
        Gen.elements(":", ":::", "::1::", "1:2:3:4:5:6:7", "g::1", "", "1..2.3", "2130706433"));
  }

  private static String dotted(byte[] bytes, int from) {
    return (bytes[from] & 0xff)
        + "."
        + (bytes[from + 1] & 0xff)
        + "."
        + (bytes[from + 2] & 0xff)
        + "."
        + (bytes[from + 3] & 0xff);
  }

  /** The groups with the {@code pick}-th run of zero groups (cyclically) written as {@code ::}. */
  private static String compressOneRun(List<String> groups, @Nullable String tail, int pick) {
    List<int[]> runs = new ArrayList<>();
    for (int k = 0; k < groups.size(); k++) {
      if (isZero(groups.get(k))) {
        int start = k;
        while (k + 1 < groups.size() && isZero(groups.get(k + 1))) {
          k++;
        }
        runs.add(new int[] {start, k + 1});
      }
    }
    String tailPart = tail == null ? "" : tail;
    if (runs.isEmpty()) {
      String plain = String.join(":", groups);
      return tail == null ? plain : plain + ":" + tail;
    }
    int[] run = runs.get(pick % runs.size());
    String head = String.join(":", groups.subList(0, run[0]));
    String rest = String.join(":", groups.subList(run[1], groups.size()));
    if (tail != null) {
      rest = rest.isEmpty() ? tailPart : rest + ":" + tailPart;
    }
    return head + "::" + rest;
  }

  private static boolean isZero(String group) {
    return group.chars().allMatch(ch -> ch == '0');
  }
}
