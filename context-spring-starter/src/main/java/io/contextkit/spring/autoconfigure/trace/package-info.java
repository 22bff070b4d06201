/**
 * TRACE requests on Spring Boot: transactions flushed then rolled back, guarded data sources and
 * HTTP clients, and the suppression report on every TRACE response.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.trace;

import org.jspecify.annotations.NullMarked;
