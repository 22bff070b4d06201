/**
 * WebFlux glue; internal, not for public use, may change at any time.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.webflux.internal;

import org.jspecify.annotations.NullMarked;
