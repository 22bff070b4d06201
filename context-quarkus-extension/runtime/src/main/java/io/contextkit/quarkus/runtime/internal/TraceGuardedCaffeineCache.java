package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceGuarded;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@link CaffeineCache} view of a {@link TraceGuardedCache}: the {@code Cache} methods are the
 * guarded cache's; {@code put} and {@code getIfPresent} of a TRACE request go to its overlay (a put
 * is reported as a {@code CACHE} effect); the sizing and expiry setters change the shared cache
 * (configuration, not data) and are left alone.
 */
final class TraceGuardedCaffeineCache implements CaffeineCache, TraceGuarded {

  private final CaffeineCache caffeine;
  private final TraceGuardedCache guarded;

  TraceGuardedCaffeineCache(CaffeineCache caffeine, TraceGuardedCache guarded) {
    this.caffeine = caffeine;
    this.guarded = guarded;
  }

  @Override
  public String getName() {
    return guarded.getName();
  }

  @Override
  public Object getDefaultKey() {
    return guarded.getDefaultKey();
  }

  @Override
  public <K, V> Uni<V> get(K key, Function<K, V> valueLoader) {
    return guarded.get(key, valueLoader);
  }

  @Override
  public <K, V> Uni<V> getAsync(K key, Function<K, Uni<V>> valueLoader) {
    return guarded.getAsync(key, valueLoader);
  }

  @Override
  public Uni<Void> invalidate(Object key) {
    return guarded.invalidate(key);
  }

  @Override
  public Uni<Void> invalidateAll() {
    return guarded.invalidateAll();
  }

  @Override
  public Uni<Void> invalidateIf(Predicate<Object> predicate) {
    return guarded.invalidateIf(predicate);
  }

  @Override
  public <T extends Cache> T as(Class<T> type) {
    return guarded.as(type);
  }

  @Override
  public Set<Object> keySet() {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      return caffeine.keySet();
    }
    TraceCacheOverlays.Overlay overlay = guarded.overlay(context);
    Set<Object> keys = new HashSet<>();
    for (Object key : caffeine.keySet()) {
      if (!overlay.hidesShared(key)) {
        keys.add(key);
      }
    }
    keys.addAll(overlay.keys());
    return keys;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> CompletableFuture<V> getIfPresent(Object key) {
    RequestContext context = RequestContexts.current();
    guarded.edge().record(-1, false, context.isTrace());
    if (!context.isTrace()) {
      return caffeine.getIfPresent(key);
    }
    TraceCacheOverlays.Overlay overlay = guarded.overlay(context);
    if (overlay.holds(key)) {
      return CompletableFuture.completedFuture((V) overlay.value(key));
    }
    return overlay.hidesShared(key) ? null : caffeine.getIfPresent(key);
  }

  @Override
  public <V> void put(Object key, CompletableFuture<V> valueFuture) {
    RequestContext context = RequestContexts.current();
    guarded.recordWrite(context);
    if (!context.isTrace()) {
      caffeine.put(key, valueFuture);
      return;
    }
    TraceCacheOverlays.Overlay overlay = guarded.overlay(context);
    // The overlay holds values: a pending value lands there when it completes (a failed one is
    // not cached, as in Caffeine).
    valueFuture.thenAccept(value -> overlay.put(key, value));
  }

  @Override
  public void setExpireAfterWrite(Duration duration) {
    caffeine.setExpireAfterWrite(duration);
  }

  @Override
  public void setExpireAfterAccess(Duration duration) {
    caffeine.setExpireAfterAccess(duration);
  }

  @Override
  public void setMaximumSize(long maximumSize) {
    caffeine.setMaximumSize(maximumSize);
  }
}
