package io.contextkit.w3c;

import java.util.Objects;

/**
 * The outcome of parsing inbound {@code tracestate} headers: the tracestate kept and what was left
 * out, so that callers can count drops (malformed input is dropped <em>and counted</em>).
 *
 * @param traceState the tracestate kept; {@link TraceState#empty()} when none was received or the
 *     combined list was invalid
 * @param discarded whether the combined list broke the grammar or held more than 32 members, and
 *     was therefore dropped whole
 * @param duplicatesDropped members dropped because an earlier member had the same key (0 when
 *     discarded)
 */
public record TraceStateParseResult(
    TraceState traceState, boolean discarded, int duplicatesDropped) {

  static final TraceStateParseResult NONE = new TraceStateParseResult(TraceState.empty(), false, 0);
  static final TraceStateParseResult DISCARDED =
      new TraceStateParseResult(TraceState.empty(), true, 0);

  /** Validates the parts. */
  public TraceStateParseResult {
    Objects.requireNonNull(traceState, "traceState");
    if (duplicatesDropped < 0) {
      throw new IllegalArgumentException("duplicatesDropped must be >= 0: " + duplicatesDropped);
    }
    if (discarded && (!traceState.isEmpty() || duplicatesDropped != 0)) {
      throw new IllegalArgumentException("a discarded tracestate keeps nothing");
    }
  }
}
