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
   * Parses a wire value, ignoring ASCII case and surrounding blanks.
   *
   * @return the type, or {@code null} when the value is absent or is not exactly one of the two
   *     names; callers decide whether that is a 400 (a TRACE activation) or a dropped entry
   *     (baggage)
   */
  public static @Nullable RequestType parse(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.equalsIgnoreCase("STANDARD")) {
      return STANDARD;
    }
    if (v.equalsIgnoreCase("TRACE")) {
      return TRACE;
    }
    return null;
  }
}
