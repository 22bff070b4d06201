/** Implementation details of context-core; not an API, may change without notice. */
@NullMarked
package io.contextkit.internal;

import org.jspecify.annotations.NullMarked;
