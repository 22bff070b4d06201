/** Implementation of the feature-flag integration. */
@NullMarked
package io.contextkit.spring.autoconfigure.flags.internal;

import org.jspecify.annotations.NullMarked;
