/**
 * Implementation of the demo runner: broker, stub, child processes, port checks, readers.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.samples.demo.internal;

import org.jspecify.annotations.NullMarked;
