package io.contextkit.spring.autoconfigure.messaging;

import io.contextkit.ContextPropagator;
import io.contextkit.trust.OutboundPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The trust boundary applied to messaging: which topics, queues and exchanges belong to this
 * deployment and so receive the full context ({@link OutboundPolicy#FULL}: {@code traceparent},
 * {@code tracestate}, baggage with the identity fields, the request id and the signature); every
 * other destination gets the propagator's third-party policy ({@code traceparent} and {@code
 * tracestate} by default).
 *
 * <p>Patterns, compiled once, matched case-sensitively (broker destination names are):
 *
 * <ul>
 *   <li>an exact name: {@code orders}
 *   <li>a prefix: {@code orders.*} matches {@code orders.created} and {@code orders.} but not
 *       {@code orders}
 *   <li>a suffix: {@code *-internal} matches {@code billing-internal}
 *   <li>{@code *}: every destination (a deployment whose broker only its own services use)
 * </ul>
 *
 * <p>A {@code null} or empty destination name (an anonymous or temporary destination whose name is
 * unknown) is never internal. Matching does no regex and allocates nothing. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * MessagingDestinations internal = MessagingDestinations.of(List.of("orders.*", "audit"));
 * OutboundPolicy policy = internal.outboundPolicy("orders.created", propagator); // FULL
 * }</pre>
 */
public final class MessagingDestinations {

  private static final MessagingDestinations NONE = new MessagingDestinations(List.of());

  private final List<String> patterns;
  private final String[] exact;
  private final String[] prefixes;
  private final String[] suffixes;
  private final boolean all;

  private MessagingDestinations(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    List<String> exactList = new ArrayList<>();
    List<String> prefixList = new ArrayList<>();
    List<String> suffixList = new ArrayList<>();
    boolean any = false;
    for (String raw : this.patterns) {
      String pattern = raw.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      int star = pattern.indexOf('*');
      if (star < 0) {
        exactList.add(pattern);
      } else if (pattern.length() == 1) {
        any = true;
      } else if (star != pattern.lastIndexOf('*') || (star != 0 && star != pattern.length() - 1)) {
        throw new IllegalArgumentException(
            "Invalid destination pattern '"
                + raw
                + "': use a name, 'prefix*', '*suffix' or '*' (one leading or trailing '*')");
      } else if (star == 0) {
        suffixList.add(pattern.substring(1));
      } else {
        prefixList.add(pattern.substring(0, star));
      }
    }
    this.exact = exactList.toArray(new String[0]);
    this.prefixes = prefixList.toArray(new String[0]);
    this.suffixes = suffixList.toArray(new String[0]);
    this.all = any;
  }

  /** No destination is internal: every message carries at most the W3C trace headers. */
  public static MessagingDestinations none() {
    return NONE;
  }

  /**
   * The destinations matching any of {@code patterns}.
   *
   * @throws IllegalArgumentException when a pattern has a {@code *} anywhere but at one end
   */
  public static MessagingDestinations of(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    return patterns.isEmpty() ? NONE : new MessagingDestinations(List.copyOf(patterns));
  }

  /** Varargs form of {@link #of(Collection)}. */
  public static MessagingDestinations of(String... patterns) {
    return of(List.of(patterns));
  }

  /** Whether {@code destination} is inside the deployment's trust boundary. */
  public boolean isInternal(@Nullable String destination) {
    if (destination == null || destination.isEmpty()) {
      return false;
    }
    if (all) {
      return true;
    }
    for (String name : exact) {
      if (name.equals(destination)) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      if (destination.startsWith(prefix)) {
        return true;
      }
    }
    for (String suffix : suffixes) {
      if (destination.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a message to {@code destination} carries: {@link OutboundPolicy#FULL} when internal, else
   * the third-party policy of {@code propagator}'s trust policy.
   */
  public OutboundPolicy outboundPolicy(@Nullable String destination, ContextPropagator propagator) {
    return isInternal(destination)
        ? OutboundPolicy.FULL
        : propagator.trustPolicy().thirdPartyPolicy();
  }

  /** The configured patterns, in order. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return "MessagingDestinations" + patterns;
  }
}
