/**
 * Implementation of the Quarkus wiring: filters, producers, the JBoss MDC projection.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.quarkus.runtime.internal;

import org.jspecify.annotations.NullMarked;
