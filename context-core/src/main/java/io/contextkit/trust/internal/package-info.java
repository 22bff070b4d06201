/**
 * Implementation of the trust boundary (address and host parsing, canonical encoding, header
 * syntax). Not API: may change in any release.
 */
@NullMarked
package io.contextkit.trust.internal;

import org.jspecify.annotations.NullMarked;
