/** Inbound context for reactive (WebFlux) web applications. */
@NullMarked
package io.contextkit.spring.autoconfigure.webflux;

import org.jspecify.annotations.NullMarked;
