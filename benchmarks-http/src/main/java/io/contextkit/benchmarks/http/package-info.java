/**
 * The HTTP throughput benchmark's driver and its loopback load generator: starts the benchmarked
 * application once per variant, each in its own JVM, and measures them in interleaved windows.
 */
@NullMarked
package io.contextkit.benchmarks.http;

import org.jspecify.annotations.NullMarked;
