/** Tests of the rule catalogue, the allow-list rules and the dependency map. */
@NullMarked
package io.contextkit.archunit;

import org.jspecify.annotations.NullMarked;
