/**
 * The runtime dependency map: which services, brokers, databases and third parties this service
 * calls, publishes to or consumes from, with call, error and TRACE counts and latency percentiles
 * per edge, in bounded memory. Framework-neutral, JDK only; the Spring starter and the Quarkus
 * extension record into {@link io.contextkit.ContextKit#dependencies()} and expose it as JSON.
 */
@NullMarked
package io.contextkit.dependencies;

import org.jspecify.annotations.NullMarked;
