/** Executor glue; internal, not for public use, may change at any time. */
@NullMarked
package io.contextkit.spring.autoconfigure.task.internal;

import org.jspecify.annotations.NullMarked;
