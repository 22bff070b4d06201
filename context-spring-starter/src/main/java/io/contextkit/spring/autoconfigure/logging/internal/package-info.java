/** Implementation of the logging integration. */
@NullMarked
package io.contextkit.spring.autoconfigure.logging.internal;

import org.jspecify.annotations.NullMarked;
