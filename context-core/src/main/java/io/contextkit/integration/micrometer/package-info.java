/**
 * Micrometer context-propagation glue: a {@code ThreadLocalAccessor} so that Micrometer's context
 * snapshots (Spring's task decorators, Reactor's automatic propagation) carry the request context.
 * Optional: needs {@code io.micrometer:context-propagation} on the class path.
 */
@NullMarked
package io.contextkit.integration.micrometer;

import org.jspecify.annotations.NullMarked;
