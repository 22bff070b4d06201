/** ContextKit's Quarkus extension, build side: the build steps. */
@NullMarked
package io.contextkit.quarkus.deployment;

import org.jspecify.annotations.NullMarked;
