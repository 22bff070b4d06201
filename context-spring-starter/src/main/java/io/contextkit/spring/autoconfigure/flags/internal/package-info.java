/**
 * Implementation of the feature-flag integration.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.flags.internal;

import org.jspecify.annotations.NullMarked;
