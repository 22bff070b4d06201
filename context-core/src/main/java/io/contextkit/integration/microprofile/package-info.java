/**
 * MicroProfile Context Propagation glue: a {@code ThreadContextProvider} so that {@code
 * ManagedExecutor} and {@code ThreadContext} (SmallRye, Quarkus) carry the request context and its
 * MDC keys. Optional: needs the MicroProfile Context Propagation API on the class path.
 */
@NullMarked
package io.contextkit.integration.microprofile;

import org.jspecify.annotations.NullMarked;
