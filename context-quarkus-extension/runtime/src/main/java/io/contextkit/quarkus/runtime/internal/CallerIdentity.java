package io.contextkit.quarkus.runtime.internal;

import io.contextkit.Identity;
import java.util.List;

/**
 * The authenticated caller of the current request as a ContextKit {@link Identity}. A bean of this
 * type exists only when the application has {@code quarkus-security}.
 */
public interface CallerIdentity {

  /** The current caller; {@link Identity#anonymous()} when nobody is authenticated. */
  Identity current();

  /**
   * The roles any one of which permits a TRACE request, named in the refusal line of a TRACE ask
   * refused for a missing permission; empty when not known.
   */
  default List<String> traceRoles() {
    return List.of();
  }
}
