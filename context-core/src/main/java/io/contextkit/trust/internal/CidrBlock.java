package io.contextkit.trust.internal;

/**
 * An immutable block of IPv4 or IPv6 addresses ({@code 10.0.0.0/8}, {@code fd00::/8}, or a single
 * address such as {@code 127.0.0.1}). Matching is two mask-and-compare operations, no allocation.
 *
 * <p>IPv4-mapped IPv6 blocks ({@code ::ffff:10.0.0.0/104}) are normalised to the equivalent IPv4
 * block, mirroring {@link IpAddress}. A block of one family never contains an address of the other
 * ({@code ::/0} does not contain {@code 10.1.2.3}).
 */
public final class CidrBlock {

  private final IpAddress network;
  private final int prefix;
  private final long hiMask;
  private final long loMask;

  private CidrBlock(IpAddress network, int prefix) {
    this.network = network;
    this.prefix = prefix;
    if (network.isV6()) {
      this.hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
      this.loMask = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
    } else {
      this.hiMask = 0L;
      this.loMask = prefix == 0 ? 0L : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }
  }

  /**
   * Parses {@code address} or {@code address/prefix}. The network address must not have host bits
   * set ({@code 10.1.0.0/8} is rejected with the correct form in the message), because such an
   * entry is usually a typo for a narrower block.
   *
   * @param entry the configuration entry
   * @param what how the entry is called in error messages, e.g. {@code "trusted peer address"}
   * @throws IllegalArgumentException naming the entry when it is not a valid literal or block
   */
  public static CidrBlock parse(String entry, String what) {
    return parse(entry, entry, what);
  }

  /**
   * Parses {@code text} like {@link #parse(String, String)}, naming {@code entry} (the whole
   * configuration entry {@code text} was taken from) in error messages.
   */
  public static CidrBlock parse(String text, String entry, String what) {
    int slash = text.indexOf('/');
    int end = slash < 0 ? text.length() : slash;
    IpAddress address = IpAddress.parse(text, 0, end);
    if (address == null) {
      throw invalid(
          entry,
          what,
          "not an IPv4 or IPv6 literal (host names are not allowed: they would need DNS)");
    }
    boolean mapped = !address.isV6() && text.lastIndexOf(':', end) >= 0;
    int textBits = mapped ? 128 : address.bitLength();
    int prefix = textBits;
    if (slash >= 0) {
      prefix = parsePrefix(text, slash + 1, textBits);
      if (prefix < 0) {
        throw invalid(entry, what, "prefix length must be a decimal number from 0 to " + textBits);
      }
    }
    if (mapped) {
      if (prefix < 96) {
        throw invalid(entry, what, "an IPv4-mapped IPv6 block needs a prefix of at least 96");
      }
      prefix -= 96;
    }
    CidrBlock block = new CidrBlock(address, prefix);
    if ((address.hi() & ~block.hiMask) != 0 || (address.lo() & ~block.loMask) != 0) {
      IpAddress networkAddress =
          address.isV6()
              ? IpAddress.v6(address.hi() & block.hiMask, address.lo() & block.loMask)
              : IpAddress.v4(address.lo() & block.loMask);
      throw invalid(
          entry,
          what,
          "host bits are set beyond the /"
              + prefix
              + " prefix; did you mean "
              + networkAddress
              + "/"
              + prefix
              + "?");
    }
    return block;
  }

  private static int parsePrefix(String text, int from, int max) {
    int length = text.length() - from;
    if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? value : -1;
  }

  private static IllegalArgumentException invalid(String entry, String what, String why) {
    return new IllegalArgumentException("Invalid " + what + " '" + entry + "': " + why);
  }

  /** Whether {@code address} lies in this block; addresses of the other family never do. */
  public boolean contains(IpAddress address) {
    return address.isV6() == network.isV6()
        && (address.hi() & hiMask) == network.hi()
        && (address.lo() & loMask) == network.lo();
  }

  /** The prefix length in bits of this block's own family. */
  public int prefix() {
    return prefix;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrBlock that && prefix == that.prefix && network.equals(that.network);
  }

  @Override
  public int hashCode() {
    return network.hashCode() * 31 + prefix;
  }

  /** The block in {@code network/prefix} form. */
  @Override
  public String toString() {
    return network + "/" + prefix;
  }
}
