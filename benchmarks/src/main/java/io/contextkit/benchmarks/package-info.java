/**
 * JMH benchmarks of ContextKit's hot paths, each side by side with the incumbent doing the same job
 * on the same payload. Run with {@code benchmarks/run.sh}; never part of the test run.
 */
@NullMarked
package io.contextkit.benchmarks;

import org.jspecify.annotations.NullMarked;
