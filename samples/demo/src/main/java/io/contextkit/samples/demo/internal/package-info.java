/** Implementation of the demo runner: broker, stub, child processes, port checks, readers. */
@NullMarked
package io.contextkit.samples.demo.internal;

import org.jspecify.annotations.NullMarked;
