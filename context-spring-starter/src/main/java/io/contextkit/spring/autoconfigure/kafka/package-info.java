/**
 * Auto-configuration that carries the request context through spring-kafka producers and listeners.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
