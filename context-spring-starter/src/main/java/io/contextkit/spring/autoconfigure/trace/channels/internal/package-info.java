/**
 * Implementation of the channel guards. Internal: not for public use.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.trace.channels.internal;

import org.jspecify.annotations.NullMarked;
