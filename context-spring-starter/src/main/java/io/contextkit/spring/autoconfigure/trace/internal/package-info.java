/** Implementation of the TRACE wiring; not for public use. */
@NullMarked
package io.contextkit.spring.autoconfigure.trace.internal;

import org.jspecify.annotations.NullMarked;
