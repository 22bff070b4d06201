package io.contextkit.quarkus.runtime.internal;

import io.contextkit.noop.TraceGuarded;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheManager;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * quarkus-cache's {@link CacheManager} with every cache it hands out guarded for TRACE ({@link
 * TraceGuardedCache}); one wrapper per cache name.
 */
final class TraceGuardedCacheManager implements CacheManager, TraceGuarded {

  private final CacheManager delegate;
  private final TraceCacheOverlays overlays;
  private final Map<String, Cache> guarded = new ConcurrentHashMap<>();

  TraceGuardedCacheManager(CacheManager delegate, TraceCacheOverlays overlays) {
    this.delegate = delegate;
    this.overlays = overlays;
  }

  @Override
  public Collection<String> getCacheNames() {
    return delegate.getCacheNames();
  }

  @Override
  public Optional<Cache> getCache(String name) {
    Cache cache = guarded.get(name);
    if (cache != null) {
      return Optional.of(cache);
    }
    Optional<Cache> found = delegate.getCache(name);
    if (found.isEmpty()) {
      return found;
    }
    return Optional.of(
        guarded.computeIfAbsent(name, n -> new TraceGuardedCache(found.get(), overlays)));
  }
}
