/**
 * Implementation of the auto-configuration; internal, not for public use, may change at any time.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
