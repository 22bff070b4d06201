package io.contextkit.noop;

/**
 * What TRACE requests do while an effect channel is neither guarded nor declared safe: the value of
 * {@code contextkit.trace.unguarded-channels} / {@code
 * quarkus.contextkit.trace.unguarded-channels}.
 */
public enum UnguardedChannels {
  /**
   * The default: every TRACE request is refused with 503 before any application code runs, with a
   * body that names the channels and the key that declares one safe. Never run.
   */
  REFUSE,
  /**
   * TRACE requests run; one warning at startup names the channels, and each TRACE request served is
   * counted ({@code trace.served-unguarded}). For trying TRACE out before every channel is guarded
   * or declared safe — a TRACE request may then change the world through those channels.
   */
  WARN
}
