package io.contextkit;

import org.jspecify.annotations.Nullable;

/**
 * What kind of request a unit of work serves.
 *
 * <p>{@link #TRACE} requests run through production code for real but must leave no durable side
 * effect; see DESIGN.md § TRACE requests. Wire value: the constant's name ({@code STANDARD}, {@code
 * TRACE}).
 */
public enum RequestType {
  /** An ordinary request: every side effect happens. */
  STANDARD,
  /** A tracer-bullet request: everything runs, nothing persists. */
  TRACE;

  /**
   * Parses a wire value: exactly {@code STANDARD} or {@code TRACE}, case-sensitive, with nothing
   * around it. A sender that means TRACE must say so unambiguously; {@code trace}, {@code " TRACE"}
   * or {@code TRACE;x} are not accepted (inbound, {@link ContextPropagator} turns them into {@link
   * TraceActivation#MALFORMED}, never into a STANDARD request).
   *
   * @return the type, or {@code null} when the value is absent or is not exactly one of the two
   *     names
   */
  public static @Nullable RequestType parse(@Nullable String value) {
    if (value == null) {
      return null;
    }
    if (value.equals("TRACE")) {
      return TRACE;
    }
    if (value.equals("STANDARD")) {
      return STANDARD;
    }
    return null;
  }
}
