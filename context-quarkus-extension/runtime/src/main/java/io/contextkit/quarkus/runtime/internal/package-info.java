/** Implementation of the Quarkus wiring: filters, producers, the JBoss MDC projection. */
@NullMarked
package io.contextkit.quarkus.runtime.internal;

import org.jspecify.annotations.NullMarked;
