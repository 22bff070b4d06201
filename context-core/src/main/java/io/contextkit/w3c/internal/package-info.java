/**
 * Character classes and percent/UTF-8 coding behind the W3C codec; not a public API.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.w3c.internal;

import org.jspecify.annotations.NullMarked;
