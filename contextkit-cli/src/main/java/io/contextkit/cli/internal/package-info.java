/**
 * Implementation of the {@code contextkit} command: one {@link io.contextkit.cli.internal.Verb} per
 * verb, the option parser, the JSON reader and the log grouping. Not API: may change in any
 * release.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.cli.internal;

import org.jspecify.annotations.NullMarked;
