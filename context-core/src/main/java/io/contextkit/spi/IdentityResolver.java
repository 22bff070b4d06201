package io.contextkit.spi;

import io.contextkit.Identity;

/**
 * Derives the {@link Identity} of an authenticated caller from a framework's principal (Spring
 * Security's {@code Authentication}, Quarkus' {@code SecurityIdentity}, a JWT...). The framework
 * integrations call it after authentication; applications replace the default resolver to map their
 * own claims.
 *
 * <p>Implementations never throw for any principal: when nothing can be derived they return {@link
 * Identity#anonymous()}. They must be thread-safe.
 *
 * @param <P> the principal type
 */
@FunctionalInterface
public interface IdentityResolver<P> {

  /** The identity of {@code principal}; {@link Identity#anonymous()} when it has none. */
  Identity resolve(P principal);
}
