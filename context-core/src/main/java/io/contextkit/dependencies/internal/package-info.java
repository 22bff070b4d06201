/**
 * Implementation of the dependency map (histogram, JSON). Not API: may change in any release.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.dependencies.internal;

import org.jspecify.annotations.NullMarked;
