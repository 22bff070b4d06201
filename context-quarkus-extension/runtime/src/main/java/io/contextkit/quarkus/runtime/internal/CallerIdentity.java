package io.contextkit.quarkus.runtime.internal;

import io.contextkit.Identity;

/**
 * The authenticated caller of the current request as a ContextKit {@link Identity}. A bean of this
 * type exists only when the application has {@code quarkus-security}.
 */
public interface CallerIdentity {

  /** The current caller; {@link Identity#anonymous()} when nobody is authenticated. */
  Identity current();
}
