package io.contextkit.noop;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.trust.MessagingDestinations;
import java.util.List;

/**
 * Decides what publishing a message does under a TRACE request. Framework neutral: producer
 * decorators (the Kafka {@link TraceGuardProducer} here; Spring and Quarkus messaging in the
 * framework modules) ask it per message.
 *
 * <ul>
 *   <li>STANDARD (or no request): {@link Action#PROCEED}, untouched.
 *   <li>TRACE to an internal destination (name patterns with {@code *} wildcards, the grammar of
 *       {@link MessagingDestinations}) that is not {@linkplain #alsoCapturing(String...) always
 *       captured}: {@link Action#FORWARD_AS_TRACE} — publish with the context headers ({@code
 *       request_type=TRACE} in baggage), so the consumer runs as TRACE.
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

  private final MessagingDestinations internal;
  private final MessagingDestinations alwaysCaptured;

  private MessageTraceGuard(MessagingDestinations internal, MessagingDestinations alwaysCaptured) {
    this.internal = internal;
    this.alwaysCaptured = alwaysCaptured;
  }

  /** A guard for which every destination is external: TRACE publishing is always captured. */
  public static MessageTraceGuard captureAll() {
    return new MessageTraceGuard(MessagingDestinations.none(), MessagingDestinations.none());
  }

  /**
   * A guard whose internal destinations match {@code patterns} ({@code orders}, {@code
   * internal.*}...).
   *
   * @throws IllegalArgumentException for an empty pattern
   */
  public static MessageTraceGuard withInternalDestinations(String... patterns) {
    return withInternalDestinations(MessagingDestinations.of(List.of(patterns)));
  }

  /**
   * A guard whose internal destinations are {@code internal}: the destinations that receive the
   * full context of STANDARD messages are those a TRACE request may publish to as TRACE.
   */
  public static MessageTraceGuard withInternalDestinations(MessagingDestinations internal) {
    return new MessageTraceGuard(internal, MessagingDestinations.none());
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
    return new MessageTraceGuard(internal, MessagingDestinations.of(List.of(patterns)));
  }

  /**
   * Whether {@code destination} is inside the trust boundary (matches the internal patterns), so
   * its STANDARD messages may carry the whole context.
   */
  public boolean isInternal(String destination) {
    return internal.isInternal(destination);
  }

  /** Decides for a message to {@code destination} and reports TRACE decisions. */
  public Action decide(RequestContext context, String destination) {
    if (!context.isTrace()) {
      return Action.PROCEED;
    }
    if (internal.isInternal(destination) && !alwaysCaptured.isInternal(destination)) {
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
