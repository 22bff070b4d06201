/** Spring Security integration: the identity of the authenticated caller. */
@NullMarked
package io.contextkit.spring.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
