/** Implementation of the rule conditions; not API, may change without notice. */
@NullMarked
package io.contextkit.archunit.internal;

import org.jspecify.annotations.NullMarked;
