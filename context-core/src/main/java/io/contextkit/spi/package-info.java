/**
 * Extension points of ContextKit: projections of the current context onto other thread-bound state,
 * and the locator of the request a thread works for outside any scope.
 */
@NullMarked
package io.contextkit.spi;

import org.jspecify.annotations.NullMarked;
