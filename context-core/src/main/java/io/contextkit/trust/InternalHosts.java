package io.contextkit.trust;

import io.contextkit.trust.internal.CidrBlock;
import io.contextkit.trust.internal.HostNames;
import io.contextkit.trust.internal.IpAddress;
import io.contextkit.trust.internal.PortSet;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outbound side of the trust boundary: decides whether a destination host (and port) belongs to
 * this deployment, so that it may receive the full context and its signature.
 *
 * <p>Patterns, compiled once:
 *
 * <ul>
 *   <li>an exact host name: {@code payments.svc.cluster.local}
 *   <li>a wildcard suffix: {@code *.example.internal} matches every sub-domain ({@code
 *       a.example.internal}, {@code a.b.example.internal}) but neither {@code example.internal}
 *       itself nor a look-alike such as {@code evilexample.internal}
 *   <li>an IP literal or CIDR block: {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}, {@code
 *       fd00::/8}, {@code [fd00::/8]}
 *   <li>any of these with {@code :port} ({@code *.example.internal:8443}, {@code 10.0.0.0/8:80});
 *       IPv6 with a port needs brackets: {@code [::1]:8080}
 * </ul>
 *
 * <p>Host names compare case-insensitively (ASCII) and tolerate one trailing dot. Names are never
 * resolved: {@code localhost} does not match {@code 127.0.0.1}; a name matches name patterns only,
 * an IP literal matches address patterns only. A pattern with a port matches only that port; a
 * destination with an unknown port matches only patterns without a port. Anything malformed is not
 * internal (fail closed).
 *
 * <p>Matching does no regex, no DNS and no exception handling. Immutable and thread-safe.
 */
public final class InternalHosts {

  private static final InternalHosts NONE = new InternalHosts(List.of());

  private final List<String> patterns;
  private final Map<String, PortSet> exactNames = new HashMap<>();
  private final String[] suffixes;
  private final PortSet[] suffixPorts;
  private final CidrBlock[] blocks;
  private final PortSet[] blockPorts;

  private InternalHosts(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    List<String> suffixList = new ArrayList<>();
    List<PortSet> suffixPortList = new ArrayList<>();
    List<CidrBlock> blockList = new ArrayList<>();
    List<PortSet> blockPortList = new ArrayList<>();
    for (String pattern : this.patterns) {
      compile(pattern, suffixList, suffixPortList, blockList, blockPortList);
    }
    this.suffixes = suffixList.toArray(new String[0]);
    this.suffixPorts = suffixPortList.toArray(new PortSet[0]);
    this.blocks = blockList.toArray(new CidrBlock[0]);
    this.blockPorts = blockPortList.toArray(new PortSet[0]);
  }

  /** No host is internal: the secure default, every destination is a third party. */
  public static InternalHosts none() {
    return NONE;
  }

  /**
   * Compiles {@code patterns}.
   *
   * @throws IllegalArgumentException naming the first invalid pattern
   */
  public static InternalHosts of(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    List<String> copy = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      copy.add(Objects.requireNonNull(pattern, "pattern").strip());
    }
    return copy.isEmpty() ? NONE : new InternalHosts(copy);
  }

  /** Compiles {@code patterns}; see {@link #of(Collection)}. */
  public static InternalHosts of(String... patterns) {
    return of(List.of(patterns));
  }

  /** Whether {@code host} is internal on any port, i.e. matched by a pattern without a port. */
  public boolean isInternal(@Nullable String host) {
    return isInternal(host, -1);
  }

  /**
   * Whether {@code host} on {@code port} is inside the trust boundary.
   *
   * @param host a host name, an IPv4 literal, or an IPv6 literal with or without brackets
   * @param port the destination port, or {@code -1} when unknown
   */
  public boolean isInternal(@Nullable String host, int port) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    // An IP literal is matched against address patterns only, never against name patterns.
    IpAddress address = IpAddress.parseRemote(host);
    if (address != null) {
      for (int i = 0; i < blocks.length; i++) {
        if (blocks[i].contains(address) && blockPorts[i].matches(port)) {
          return true;
        }
      }
      return false;
    }
    String name = HostNames.normalize(host);
    if (name == null) {
      return false;
    }
    PortSet exact = exactNames.get(name);
    if (exact != null && exact.matches(port)) {
      return true;
    }
    for (int i = 0; i < suffixes.length; i++) {
      // Each suffix starts with '.', so this requires at least one whole label in front of it.
      String suffix = suffixes[i];
      if (name.length() > suffix.length()
          && name.endsWith(suffix)
          && suffixPorts[i].matches(port)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the destination of {@code uri} is internal. The port is the explicit one, else 80 for
   * {@code http}/{@code ws} and 443 for {@code https}/{@code wss}, else unknown. A URI without a
   * parsable server host is not internal.
   */
  public boolean isInternal(URI uri) {
    return isInternal(uri.getHost(), effectivePort(uri));
  }

  static int effectivePort(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      return -1;
    }
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "http":
      case "ws":
        return 80;
      case "https":
      case "wss":
        return 443;
      default:
        return -1;
    }
  }

  /** The patterns as configured (whitespace-stripped). */
  public List<String> patterns() {
    return patterns;
  }

  /** Whether no host can ever be internal. */
  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  @Override
  public String toString() {
    return "InternalHosts" + patterns;
  }

  private void compile(
      String pattern,
      List<String> suffixList,
      List<PortSet> suffixPortList,
      List<CidrBlock> blockList,
      List<PortSet> blockPortList) {
    if (pattern.isEmpty()) {
      throw invalid(pattern, "empty pattern");
    }
    String hostPart;
    PortSet ports = PortSet.ANY;
    boolean bracketed = false;
    if (pattern.charAt(0) == '[') {
      int close = pattern.indexOf(']');
      if (close < 0) {
        throw invalid(pattern, "missing ']'");
      }
      hostPart = pattern.substring(1, close);
      String rest = pattern.substring(close + 1);
      if (!rest.isEmpty()) {
        if (rest.charAt(0) != ':') {
          throw invalid(pattern, "expected ':port' after ']'");
        }
        ports = parsePort(pattern, rest.substring(1));
      }
      bracketed = true;
    } else {
      int firstColon = pattern.indexOf(':');
      int lastColon = pattern.lastIndexOf(':');
      if (firstColon >= 0 && firstColon == lastColon) {
        hostPart = pattern.substring(0, firstColon);
        ports = parsePort(pattern, pattern.substring(firstColon + 1));
      } else {
        // Two or more colons: an IPv6 literal or block, which can only take a port in brackets.
        hostPart = pattern;
      }
    }
    if (hostPart.indexOf('/') >= 0
        || hostPart.indexOf(':') >= 0
        || bracketed
        || IpAddress.parse(hostPart) != null) {
      if (bracketed && hostPart.indexOf(':') < 0) {
        throw invalid(pattern, "brackets are only for IPv6 addresses");
      }
      CidrBlock block = CidrBlock.parse(hostPart, pattern, "internal host pattern");
      blockList.add(block);
      blockPortList.add(ports);
      return;
    }
    if (hostPart.startsWith("*.")) {
      String suffix = HostNames.normalize(hostPart.substring(2));
      if (suffix == null) {
        throw invalid(pattern, "'" + hostPart.substring(2) + "' is not a valid host name suffix");
      }
      suffixList.add("." + suffix);
      suffixPortList.add(ports);
      return;
    }
    if (hostPart.indexOf('*') >= 0) {
      throw invalid(pattern, "a wildcard is only allowed as a leading '*.' label");
    }
    String name = HostNames.normalize(hostPart);
    if (name == null) {
      throw invalid(pattern, "'" + hostPart + "' is not a valid host name");
    }
    exactNames.merge(name, ports, PortSet::union);
  }

  private static PortSet parsePort(String pattern, String text) {
    int port = 0;
    if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0') {
      throw invalid(pattern, "port must be a number from 1 to 65535");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(pattern, "port must be a number from 1 to 65535");
      }
      port = port * 10 + (c - '0');
    }
    if (port > 65535) {
      throw invalid(pattern, "port must be a number from 1 to 65535");
    }
    return PortSet.of(port);
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException("Invalid internal host pattern '" + pattern + "': " + why);
  }
}
