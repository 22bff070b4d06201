/**
 * Implementation details of context-core that the other ContextKit artifacts (noop-storage,
 * feature-flags, the Spring Boot starter, the Quarkus extension) share; not an API, may change
 * without notice.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.internal;

import org.jspecify.annotations.NullMarked;
