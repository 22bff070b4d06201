/**
 * ContextKit in Spring Boot Actuator: the read-only {@code contextkit} endpoint and the counters as
 * Micrometer metrics.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.actuator;

import org.jspecify.annotations.NullMarked;
