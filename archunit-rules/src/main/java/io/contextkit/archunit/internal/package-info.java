/**
 * Implementation of the rule conditions; not API, may change without notice.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.archunit.internal;

import org.jspecify.annotations.NullMarked;
