/**
 * TRACE guards: the JDBC backstop, the Hibernate integration, the outbound HTTP and messaging
 * guards, and the suppression report of a TRACE request.
 */
@NullMarked
package io.contextkit.noop;

import org.jspecify.annotations.NullMarked;
