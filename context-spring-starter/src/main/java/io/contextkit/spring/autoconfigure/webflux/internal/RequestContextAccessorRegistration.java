package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * Makes sure the global {@link ContextRegistry} knows {@link RequestContextThreadLocalAccessor}.
 * Core registers it through {@code META-INF/services}; this covers class loaders where the service
 * file is not seen (shaded or repackaged applications). Registering twice is avoided, so an
 * accessor someone else registered under the key is left alone.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class RequestContextAccessorRegistration {

  private final boolean registeredHere;

  public RequestContextAccessorRegistration(ContextRegistry registry) {
    this.registeredHere = registerIfAbsent(registry);
  }

  /** Whether this instance added the accessor (it was missing). */
  public boolean registeredHere() {
    return registeredHere;
  }

  private static boolean registerIfAbsent(ContextRegistry registry) {
    synchronized (registry) {
      for (ThreadLocalAccessor<?> accessor : registry.getThreadLocalAccessors()) {
        if (RequestContextThreadLocalAccessor.KEY.equals(accessor.key())) {
          return false;
        }
      }
      registry.registerThreadLocalAccessor(new RequestContextThreadLocalAccessor());
      return true;
    }
  }
}
