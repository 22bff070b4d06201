/**
 * Feature flags defined in the flagd flag-definition format, evaluated against the request context
 * and served through an OpenFeature provider.
 */
@NullMarked
package io.contextkit.flags;

import org.jspecify.annotations.NullMarked;
