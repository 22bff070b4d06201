package io.contextkit.trust;

import io.contextkit.trust.internal.CidrBlock;
import io.contextkit.trust.internal.IpAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The inbound peers whose privileged context fields are accepted without a signature: peers whose
 * remote address lies in a configured IPv4/IPv6 block, or whose authenticated name equals a
 * configured name. A peer matches when either its address or its name matches.
 *
 * <p>Address entries are literals or CIDR blocks ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code
 * ::1/128}, {@code fd00::/8}); they are parsed without DNS, host names are rejected. A remote
 * address reported as IPv4-mapped IPv6 ({@code ::ffff:10.1.2.3}) is matched as the IPv4 address it
 * carries; an IPv6 block never contains an IPv4 address ({@code ::/0} does not match {@code
 * 10.1.2.3}). Name entries match exactly and case-sensitively.
 *
 * <p>Matching never throws and never resolves names: a remote address that is not a literal matches
 * nothing. Immutable and thread-safe.
 *
 * <pre>{@code
 * TrustedPeers peers = TrustedPeers.builder()
 *     .address("10.0.0.0/8")
 *     .address("::1")
 *     .name("spiffe://prod/ns/payments/sa/api")
 *     .build();
 * }</pre>
 */
public final class TrustedPeers {

  private static final TrustedPeers NONE = new TrustedPeers(List.of(), List.of());

  private final CidrBlock[] blocks;
  private final List<String> addressEntries;
  private final Set<String> names;

  private TrustedPeers(List<String> addressEntries, Collection<String> names) {
    this.addressEntries = List.copyOf(addressEntries);
    this.blocks = new CidrBlock[addressEntries.size()];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = CidrBlock.parse(addressEntries.get(i), "trusted peer address");
    }
    this.names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /** Trusts no peer: the secure default. */
  public static TrustedPeers none() {
    return NONE;
  }

  /** A builder of trusted peers. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether no peer can ever match. */
  public boolean isEmpty() {
    return blocks.length == 0 && names.isEmpty();
  }

  /** Whether {@code peer}'s remote address or authenticated name is trusted. Never throws. */
  public boolean matches(InboundPeer peer) {
    return matchesName(peer.peerName()) || matchesAddress(peer.remoteAddress());
  }

  /**
   * Whether {@code remoteAddress} is an IP literal inside a trusted block. Host names, garbage and
   * {@code null} never match.
   */
  public boolean matchesAddress(@Nullable String remoteAddress) {
    if (blocks.length == 0 || remoteAddress == null) {
      return false;
    }
    IpAddress address = IpAddress.parseRemote(remoteAddress);
    if (address == null) {
      return false;
    }
    for (CidrBlock block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code peerName} equals a trusted name. {@code null} never matches. */
  public boolean matchesName(@Nullable String peerName) {
    return peerName != null && names.contains(peerName);
  }

  /** The address entries as configured. */
  public List<String> addresses() {
    return addressEntries;
  }

  /** The trusted names. */
  public Set<String> names() {
    return names;
  }

  @Override
  public String toString() {
    return "TrustedPeers{addresses=" + addressEntries + ", names=" + names + "}";
  }

  /** Builds {@link TrustedPeers}; entries are validated as they are added. Not thread-safe. */
  public static final class Builder {

    private final List<String> addresses = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Trusts an IP literal or CIDR block.
     *
     * @throws IllegalArgumentException naming the entry when it is not a literal or block (host
     *     names included), the prefix is out of range, or host bits are set ({@code 10.1.0.0/8})
     */
    public Builder address(String entry) {
      Objects.requireNonNull(entry, "entry");
      CidrBlock.parse(entry, "trusted peer address");
      addresses.add(entry);
      return this;
    }

    /** Trusts each of {@code entries}; see {@link #address(String)}. */
    public Builder addresses(Collection<String> entries) {
      for (String entry : Objects.requireNonNull(entries, "entries")) {
        address(entry);
      }
      return this;
    }

    /**
     * Trusts an authenticated peer name, matched exactly.
     *
     * @throws IllegalArgumentException naming the entry when it is empty, has leading or trailing
     *     whitespace, or contains control characters
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.strip().length() != name.length()) {
        throw new IllegalArgumentException(
            "Invalid trusted peer name '"
                + name
                + "': must be non-empty without leading or trailing whitespace");
      }
      for (int i = 0; i < name.length(); i++) {
        if (Character.isISOControl(name.charAt(i))) {
          throw new IllegalArgumentException(
              "Invalid trusted peer name '"
                  + name.replaceAll("\\p{Cntrl}", "?")
                  + "': contains a control character");
        }
      }
      names.add(name);
      return this;
    }

    /** Trusts each of {@code names}; see {@link #name(String)}. */
    public Builder names(Collection<String> names) {
      for (String name : Objects.requireNonNull(names, "names")) {
        name(name);
      }
      return this;
    }

    /** Builds the immutable set of trusted peers. */
    public TrustedPeers build() {
      return addresses.isEmpty() && names.isEmpty() ? NONE : new TrustedPeers(addresses, names);
    }
  }
}
