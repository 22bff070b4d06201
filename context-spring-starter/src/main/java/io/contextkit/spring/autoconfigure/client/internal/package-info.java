/** HTTP client glue; internal, not for public use, may change at any time. */
@NullMarked
package io.contextkit.spring.autoconfigure.client.internal;

import org.jspecify.annotations.NullMarked;
