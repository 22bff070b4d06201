/** ContextKit's Quarkus extension, runtime side: configuration and the recorder. */
@NullMarked
package io.contextkit.quarkus.runtime;

import org.jspecify.annotations.NullMarked;
