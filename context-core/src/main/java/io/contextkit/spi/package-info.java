/**
 * Extension points of ContextKit: projections of the current context onto other thread-bound state.
 */
@NullMarked
package io.contextkit.spi;

import org.jspecify.annotations.NullMarked;
