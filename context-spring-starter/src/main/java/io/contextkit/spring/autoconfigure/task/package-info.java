/** Context across Spring executors, schedulers, @Async and @Scheduled. */
@NullMarked
package io.contextkit.spring.autoconfigure.task;

import org.jspecify.annotations.NullMarked;
