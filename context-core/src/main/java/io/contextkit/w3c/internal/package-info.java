/** Character classes and percent/UTF-8 coding behind the W3C codec; not a public API. */
@NullMarked
package io.contextkit.w3c.internal;

import org.jspecify.annotations.NullMarked;
