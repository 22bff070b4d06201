/**
 * Auto-configuration that carries the request context through spring-rabbit templates and
 * listeners.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.amqp;

import org.jspecify.annotations.NullMarked;
