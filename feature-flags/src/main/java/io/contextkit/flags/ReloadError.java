package io.contextkit.flags;

import java.time.Instant;

/**
 * A reload that failed; the provider kept serving the previous definitions.
 *
 * @param message what was wrong, naming the flag when the problem belongs to one
 * @param at when the reload was attempted
 */
public record ReloadError(String message, Instant at) {}
