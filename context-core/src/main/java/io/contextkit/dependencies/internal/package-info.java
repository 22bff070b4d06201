/** Implementation of the dependency map (histogram, JSON). Not API: may change in any release. */
@NullMarked
package io.contextkit.dependencies.internal;

import org.jspecify.annotations.NullMarked;
