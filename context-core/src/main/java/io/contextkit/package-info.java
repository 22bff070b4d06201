/**
 * ContextKit's API: the typed {@link io.contextkit.RequestContext}, its scopes, the request-entry
 * barrier and the side-effect recorder that TRACE guards report into.
 */
@NullMarked
package io.contextkit;

import org.jspecify.annotations.NullMarked;
