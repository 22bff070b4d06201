/**
 * The stress runs of {@code stress/run.sh}: each is a {@code main} that prints what it measured as
 * {@link io.contextkit.stress.Figure figures} and exits non-zero when a figure misses its target.
 * Never part of the test run (see {@code stress/RESULTS.md}).
 */
@NullMarked
package io.contextkit.stress;

import org.jspecify.annotations.NullMarked;
