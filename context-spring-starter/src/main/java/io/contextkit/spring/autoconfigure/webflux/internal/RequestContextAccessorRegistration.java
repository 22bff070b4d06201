package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Makes sure the global {@link ContextRegistry} knows {@link RequestContextThreadLocalAccessor},
 * and that it comes after every other accessor once the application's singletons exist.
 *
 * <p>Core registers the accessor through {@code META-INF/services}; registering here covers class
 * loaders where the service file is not seen (shaded or repackaged applications). Registering twice
 * is avoided, so an accessor someone else registered under the key is left alone.
 *
 * <p>The order matters because context propagation restores accessors in registration order (and
 * closes them in reverse). Micrometer's observation accessor, with a tracer's OpenTelemetry bridge,
 * makes the span's whole OpenTelemetry context current — the one captured when the span started,
 * which holds the request context of that moment (before authentication). Restored after it, ours
 * puts the request's current context on top of the span instead of being overwritten by the stale
 * one.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class RequestContextAccessorRegistration implements SmartInitializingSingleton {

  private final ContextRegistry registry;
  private final boolean registeredHere;

  public RequestContextAccessorRegistration(ContextRegistry registry) {
    this.registry = registry;
    this.registeredHere = registerIfAbsent(registry);
  }

  /** Whether this instance added the accessor (it was missing). */
  public boolean registeredHere() {
    return registeredHere;
  }

  /** Moves ContextKit's accessor behind those registered while the application started. */
  @Override
  public void afterSingletonsInstantiated() {
    moveToEnd(registry);
  }

  /** Re-registers ContextKit's accessor last; leaves a foreign accessor under the key alone. */
  static void moveToEnd(ContextRegistry registry) {
    synchronized (registry) {
      ThreadLocalAccessor<?> ours = find(registry);
      if (ours instanceof RequestContextThreadLocalAccessor) {
        // Registering an accessor again replaces it and appends it at the end.
        registry.registerThreadLocalAccessor(ours);
      }
    }
  }

  private static boolean registerIfAbsent(ContextRegistry registry) {
    synchronized (registry) {
      if (find(registry) != null) {
        return false;
      }
      registry.registerThreadLocalAccessor(new RequestContextThreadLocalAccessor());
      return true;
    }
  }

  private static @Nullable ThreadLocalAccessor<?> find(ContextRegistry registry) {
    ThreadLocalAccessor<?> found = null;
    for (ThreadLocalAccessor<?> accessor : registry.getThreadLocalAccessors()) {
      if (RequestContextThreadLocalAccessor.KEY.equals(accessor.key())) {
        found = accessor;
      }
    }
    return found;
  }
}
