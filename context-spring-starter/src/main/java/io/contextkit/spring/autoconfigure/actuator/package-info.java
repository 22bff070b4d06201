/** Actuator endpoint and Micrometer metrics for ContextKit. */
@NullMarked
package io.contextkit.spring.autoconfigure.actuator;

import org.jspecify.annotations.NullMarked;
