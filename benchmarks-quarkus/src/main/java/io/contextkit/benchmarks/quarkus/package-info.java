/**
 * The HTTP throughput benchmark's application in Quarkus REST: {@code POST /quotes}, one JSON log
 * line per request. Built once per variant and driven by {@code benchmarks-http/run.sh}.
 */
@NullMarked
package io.contextkit.benchmarks.quarkus;

import org.jspecify.annotations.NullMarked;
