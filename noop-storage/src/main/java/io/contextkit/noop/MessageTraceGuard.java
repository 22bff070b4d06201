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
 *   <li>TRACE to an internal destination (configured name patterns, {@code *} wildcards) that is
 *       not {@linkplain #alsoCapturing(String...) always captured}: {@link Action#FORWARD_AS_TRACE}
 *       — publish with the context headers ({@code request_type=TRACE} in baggage), so the consumer
 *       runs as TRACE.
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
  private final NamePatterns alwaysCaptured;

  private MessageTraceGuard(NamePatterns internal, NamePatterns alwaysCaptured) {
    this.internal = internal;
    this.alwaysCaptured = alwaysCaptured;
  }

  /** A guard for which every destination is external: TRACE publishing is always captured. */
  public static MessageTraceGuard captureAll() {
    return new MessageTraceGuard(NamePatterns.of(List.of()), NamePatterns.of(List.of()));
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
    return new MessageTraceGuard(NamePatterns.of(list), NamePatterns.of(List.of()));
  }

  /**
   * This guard, except that TRACE messages to destinations matching {@code patterns} are captured
   * even when they are internal. Being internal decides who receives the full context of STANDARD
   * messages; a topic whose consumers cannot run a TRACE message without side effects (not
   * ContextKit-enabled, or a run that must leave no message at all) still gets the full context but
   * never a TRACE message.
   *
   * @throws IllegalArgumentException for an empty pattern
   */
  public MessageTraceGuard alsoCapturing(String... patterns) {
    List<String> list = new ArrayList<>(patterns.length);
    for (String p : patterns) {
      list.add(p);
    }
    return new MessageTraceGuard(internal, NamePatterns.of(list));
  }

  /**
   * Whether {@code destination} is inside the trust boundary (matches the internal patterns), so
   * its STANDARD messages may carry the whole context.
   */
  public boolean isInternal(String destination) {
    return internal.matches(destination);
  }

  /** Decides for a message to {@code destination} and reports TRACE decisions. */
  public Action decide(RequestContext context, String destination) {
    if (!context.isTrace()) {
      return Action.PROCEED;
    }
    if (internal.matches(destination) && !alwaysCaptured.matches(destination)) {
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
