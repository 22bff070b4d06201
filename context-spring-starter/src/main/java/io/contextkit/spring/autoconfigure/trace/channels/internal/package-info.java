/** Implementation of the channel guards. Internal: not for public use. */
@NullMarked
package io.contextkit.spring.autoconfigure.trace.channels.internal;

import org.jspecify.annotations.NullMarked;
