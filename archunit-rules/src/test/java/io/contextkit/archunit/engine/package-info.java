/** Runs the rule suite through the ArchUnit JUnit engine. */
@NullMarked
package io.contextkit.archunit.engine;

import org.jspecify.annotations.NullMarked;
