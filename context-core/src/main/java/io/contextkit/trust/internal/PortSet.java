package io.contextkit.trust.internal;

import java.util.Arrays;

/** The ports a host pattern covers: any port, or a fixed small set. Immutable. */
public final class PortSet {

  /** Every port, including an unknown one. */
  public static final PortSet ANY = new PortSet(new int[0]);

  private final int[] ports;

  private PortSet(int[] ports) {
    this.ports = ports;
  }

  /** Exactly {@code port} (1 to 65535). */
  public static PortSet of(int port) {
    return new PortSet(new int[] {port});
  }

  /** Whether this is {@link #ANY}. */
  public boolean isAny() {
    return this == ANY;
  }

  /**
   * Whether {@code port} is covered. An unknown port ({@code <= 0}) is covered by {@link #ANY}
   * only: a pattern restricted to a port cannot vouch for a destination whose port is unknown.
   */
  public boolean matches(int port) {
    if (this == ANY) {
      return true;
    }
    for (int p : ports) {
      if (p == port) {
        return true;
      }
    }
    return false;
  }

  /** The union of this set and {@code other}. */
  public PortSet union(PortSet other) {
    if (this == ANY || other == ANY) {
      return ANY;
    }
    int[] merged = Arrays.copyOf(ports, ports.length + other.ports.length);
    System.arraycopy(other.ports, 0, merged, ports.length, other.ports.length);
    return new PortSet(Arrays.stream(merged).distinct().sorted().toArray());
  }

  @Override
  public String toString() {
    return this == ANY ? "*" : Arrays.toString(ports);
  }
}
