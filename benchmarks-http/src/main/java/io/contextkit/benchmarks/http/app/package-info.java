/**
 * The benchmarked application: one Spring Boot MVC endpoint that prices a quote and logs one JSON
 * line. It never names ContextKit or Micrometer Tracing; the variants differ only in class path and
 * profile.
 */
@NullMarked
package io.contextkit.benchmarks.http.app;

import org.jspecify.annotations.NullMarked;
