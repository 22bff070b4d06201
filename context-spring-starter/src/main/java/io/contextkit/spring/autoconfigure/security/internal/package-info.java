/** Spring Security glue; internal, not for public use, may change at any time. */
@NullMarked
package io.contextkit.spring.autoconfigure.security.internal;

import org.jspecify.annotations.NullMarked;
