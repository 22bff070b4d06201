/**
 * Implementation of the TRACE wiring; not for public use.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.trace.internal;

import org.jspecify.annotations.NullMarked;
