/**
 * Implementation of the trust boundary (address and host parsing, canonical encoding, header
 * syntax). Not API: may change in any release.
 *
 * <p>Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility
 * promise; code outside io.contextkit must not use it.
 */
@NullMarked
package io.contextkit.trust.internal;

import org.jspecify.annotations.NullMarked;
