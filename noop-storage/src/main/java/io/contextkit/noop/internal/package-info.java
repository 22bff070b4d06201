/** Implementation of the TRACE guards; not API, may change without notice. */
@NullMarked
package io.contextkit.noop.internal;

import org.jspecify.annotations.NullMarked;
