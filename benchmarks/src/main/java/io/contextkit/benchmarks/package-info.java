/**
 * JMH benchmarks of ContextKit's hot paths, each side by side with the incumbent doing the same job
 * on the same payload. Run with {@code benchmarks/run.sh}; never part of the test run.
 *
 * <p>Benchmark and state classes are public and not final because JMH's generated harness extends
 * them.
 */
@NullMarked
package io.contextkit.benchmarks;

import org.jspecify.annotations.NullMarked;
