/** Implementation of the flag engine: JSON reading, rule compilation, hashing; not a public API. */
@NullMarked
package io.contextkit.flags.internal;

import org.jspecify.annotations.NullMarked;
