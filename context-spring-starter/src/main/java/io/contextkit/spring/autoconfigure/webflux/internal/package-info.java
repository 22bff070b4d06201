/** WebFlux glue; internal, not for public use, may change at any time. */
@NullMarked
package io.contextkit.spring.autoconfigure.webflux.internal;

import org.jspecify.annotations.NullMarked;
