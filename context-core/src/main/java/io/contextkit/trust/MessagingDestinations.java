package io.contextkit.trust;

import io.contextkit.ContextPropagator;
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
 * tracestate} by default). The same patterns decide, under TRACE, which destinations a message may
 * be published to as TRACE (noop-storage's {@code MessageTraceGuard}).
 *
 * <p>The one destination-pattern grammar of ContextKit, on every stack: a pattern is a name in
 * which {@code *} stands for any run of characters (also none), matched case-sensitively against
 * the whole destination name (broker destination names are case-sensitive):
 *
 * <ul>
 *   <li>an exact name: {@code orders}
 *   <li>a prefix: {@code orders.*} matches {@code orders.created} and {@code orders.} but not
 *       {@code orders}
 *   <li>a suffix: {@code *-internal} matches {@code billing-internal}
 *   <li>inner wildcards: {@code orders.*.created} matches {@code orders.eu.created}
 *   <li>{@code *}: every destination (a deployment whose broker only its own services use)
 * </ul>
 *
 * <p>A {@code null} or empty destination name (an anonymous or temporary destination whose name is
 * unknown) is never internal. Matching does no regex, runs in linear time per pattern and allocates
 * nothing. Immutable and thread-safe.
 *
 * <pre>{@code
 * MessagingDestinations internal = MessagingDestinations.of(List.of("orders.*", "audit"));
 * OutboundPolicy policy = internal.outboundPolicy("orders.created", propagator); // FULL
 * }</pre>
 */
public final class MessagingDestinations {

  private static final MessagingDestinations NONE = new MessagingDestinations(List.of());

  private final List<String> patterns;
  private final String[] compiled;

  private MessagingDestinations(List<String> patterns) {
    this.patterns = patterns;
    this.compiled = patterns.toArray(new String[0]);
  }

  /** No destination is internal: every message carries at most the W3C trace headers. */
  public static MessagingDestinations none() {
    return NONE;
  }

  /**
   * The destinations matching any of {@code patterns}; surrounding white space is ignored.
   *
   * @throws IllegalArgumentException for an empty or blank pattern
   */
  public static MessagingDestinations of(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    if (patterns.isEmpty()) {
      return NONE;
    }
    List<String> stripped = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      String p = Objects.requireNonNull(pattern, "pattern").strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("Invalid destination pattern: empty");
      }
      stripped.add(p);
    }
    return new MessagingDestinations(List.copyOf(stripped));
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
    for (String pattern : compiled) {
      if (glob(pattern, destination)) {
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

  /** The configured patterns, stripped, in order. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return "MessagingDestinations" + patterns;
  }

  /**
   * Whole-name match of {@code pattern} against {@code name}; on a mismatch after a star, the star
   * absorbs one more character (one backtracking point, so linear in practice and never worse than
   * pattern length times name length).
   */
  static boolean glob(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int mark = 0;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = n;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
        p++;
        n++;
      } else if (star >= 0) {
        p = star + 1;
        n = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
