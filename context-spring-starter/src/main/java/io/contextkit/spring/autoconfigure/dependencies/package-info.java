/**
 * The runtime dependency map: its cap ({@code contextkit.dependencies.max-edges}) and the {@code
 * contextkitdependencies} actuator endpoint.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.dependencies;

import org.jspecify.annotations.NullMarked;
