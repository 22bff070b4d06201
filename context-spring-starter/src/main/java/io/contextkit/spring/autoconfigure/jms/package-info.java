/**
 * Auto-configuration that carries the request context through spring-jms templates, listeners and
 * replies.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.jms;

import org.jspecify.annotations.NullMarked;
