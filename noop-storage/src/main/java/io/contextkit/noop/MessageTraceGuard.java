package io.contextkit.noop;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.internal.NamePatterns;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what publishing a message does under a TRACE request. Framework neutral: producer
 * decorators (the Kafka {@link TraceGuardProducer} here; Spring and Quarkus messaging in the
 * framework modules) ask it per message.
 *
 * <ul>
 *   <li>STANDARD (or no request): {@link Action#PROCEED}, untouched.
 *   <li>TRACE to an internal destination (configured name patterns, {@code *} wildcards): {@link
 *       Action#FORWARD_AS_TRACE} — publish with the context headers ({@code request_type=TRACE} in
 *       baggage), so the consumer runs as TRACE.
 *   <li>TRACE to any other destination: {@link Action#CAPTURE} — not published; the producer
 *       answers as if it had been.
 * </ul>
 *
 * <p>Both TRACE actions are reported as {@link SideEffect.Kind#MESSAGE} effects (target: the
 * destination). Keys and payloads are never reported. Immutable and thread-safe.
 */
public final class MessageTraceGuard {

  /** What publishing one message does. */
  public enum Action {
    /** Not a TRACE request: publish unchanged. */
    PROCEED,
    /** Internal destination under TRACE: publish with the context, consumers run as TRACE. */
    FORWARD_AS_TRACE,
    /** Any other destination under TRACE: do not publish. */
    CAPTURE
  }

  private final NamePatterns internal;

  private MessageTraceGuard(NamePatterns internal) {
    this.internal = internal;
  }

  /** A guard for which every destination is external: TRACE publishing is always captured. */
  public static MessageTraceGuard captureAll() {
    return new MessageTraceGuard(NamePatterns.of(List.of()));
  }

  /**
   * A guard whose internal destinations match {@code patterns} ({@code orders}, {@code
   * internal.*}...).
   *
   * @throws IllegalArgumentException for an empty pattern
   */
  public static MessageTraceGuard withInternalDestinations(String... patterns) {
    List<String> list = new ArrayList<>(patterns.length);
    for (String p : patterns) {
      list.add(p);
    }
    return new MessageTraceGuard(NamePatterns.of(list));
  }

  /** Decides for a message to {@code destination} and reports TRACE decisions. */
  public Action decide(RequestContext context, String destination) {
    if (!context.isTrace()) {
      return Action.PROCEED;
    }
    if (internal.matches(destination)) {
      context
          .sideEffects()
          .record(new SideEffect(SideEffect.Kind.MESSAGE, destination, "published as TRACE"));
      return Action.FORWARD_AS_TRACE;
    }
    context
        .sideEffects()
        .record(new SideEffect(SideEffect.Kind.MESSAGE, destination, "captured, not published"));
    return Action.CAPTURE;
  }
}
