/**
 * Spring Boot auto-configuration of ContextKit: properties and the propagator every integration
 * shares.
 */
@NullMarked
package io.contextkit.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
