/**
 * Implementation of the flag engine: JSON reading, rule compilation, hashing; not a public API.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.flags.internal;

import org.jspecify.annotations.NullMarked;
