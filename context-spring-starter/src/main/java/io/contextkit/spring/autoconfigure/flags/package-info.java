/**
 * Feature flags in Spring: ContextKit's OpenFeature provider fed from {@code contextkit.flags.*},
 * the OpenFeature {@code Client} bean, hot reload and the {@code flags} actuator endpoint.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.flags;

import org.jspecify.annotations.NullMarked;
