package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.TraceGuarded;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.cache.runtime.AbstractCache;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A quarkus-cache {@link Cache} (what {@code @CacheResult}, {@code @CacheInvalidate}, {@code
 * CacheInvalidateAll} and {@code @CacheName} injection use) that STANDARD requests use as is and
 * TRACE requests through a request-local overlay ({@link TraceCacheOverlays}): a TRACE request
 * reads the shared entries, but its fills and invalidations stay in its overlay — the shared cache
 * is never filled nor invalidated for it — and each is reported as a {@code CACHE} effect (target:
 * the cache name; keys and values are never reported).
 *
 * <p>Reading a shared entry without filling it needs the Caffeine backend's {@code getIfPresent};
 * on other backends a TRACE miss in the overlay computes the value. {@link #as} gives a guarded
 * {@link CaffeineCache}; the typed API of any other backend ({@code RedisCache}) refuses TRACE
 * requests (a {@code VIOLATION} and an {@link IllegalStateException}) rather than write for them.
 *
 * <p>Each operation is counted in the runtime dependency map ({@code CACHE}, called, named after
 * the cache) when it is asked for, untimed (the operations are asynchronous): reads STANDARD or
 * TRACE, STANDARD writes as calls, TRACE writes (kept in the overlay) as synthetic calls.
 */
final class TraceGuardedCache extends AbstractCache implements TraceGuarded {

  private final Cache delegate;
  private final TraceCacheOverlays overlays;

  TraceGuardedCache(Cache delegate, TraceCacheOverlays overlays) {
    this.delegate = delegate;
    this.overlays = overlays;
  }

  /** This cache's edge in the runtime dependency map (looked up without allocating). */
  DependencyEdge edge() {
    return ContextKit.dependencies()
        .edge(DependencyKind.CACHE, DependencyDirection.CALLED, getName());
  }

  /**
   * Counts a write: a STANDARD one as a call; a TRACE one stays in the overlay and never reaches
   * the shared cache, so it is synthetic.
   */
  void recordWrite(RequestContext context) {
    if (context.isTrace()) {
      edge().recordSynthetic();
    } else {
      edge().record(-1, false, false);
    }
  }

  /** The overlay of this cache for the TRACE request of {@code context}. */
  TraceCacheOverlays.Overlay overlay(RequestContext context) {
    return overlays.of(context, getName());
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public Object getDefaultKey() {
    return delegate.getDefaultKey();
  }

  @Override
  public <K, V> Uni<V> get(K key, Function<K, V> valueLoader) {
    RequestContext context = RequestContexts.current();
    // A read, STANDARD or TRACE (a TRACE read may reach the shared cache).
    edge().record(-1, false, context.isTrace());
    if (!context.isTrace()) {
      return delegate.get(key, valueLoader);
    }
    TraceCacheOverlays.Overlay overlay = overlays.of(context, getName());
    return Uni.createFrom()
        .deferred(
            () -> {
              Uni<V> found = lookup(overlay, key);
              if (found != null) {
                return found;
              }
              V value = valueLoader.apply(key);
              overlay.put(key, value);
              return Uni.createFrom().item(value);
            });
  }

  @Override
  public <K, V> Uni<V> getAsync(K key, Function<K, Uni<V>> valueLoader) {
    RequestContext context = RequestContexts.current();
    // A read, STANDARD or TRACE (a TRACE read may reach the shared cache).
    edge().record(-1, false, context.isTrace());
    if (!context.isTrace()) {
      return delegate.getAsync(key, valueLoader);
    }
    TraceCacheOverlays.Overlay overlay = overlays.of(context, getName());
    return Uni.createFrom()
        .deferred(
            () -> {
              Uni<V> found = lookup(overlay, key);
              if (found != null) {
                return found;
              }
              return valueLoader.apply(key).invoke(value -> overlay.put(key, value));
            });
  }

  /** The request's own value, else the shared one unless invalidated for it, else null. */
  @SuppressWarnings("unchecked")
  private <V> @Nullable Uni<V> lookup(TraceCacheOverlays.Overlay overlay, Object key) {
    if (overlay.holds(key)) {
      return Uni.createFrom().item((V) overlay.value(key));
    }
    if (overlay.hidesShared(key)) {
      return null;
    }
    CompletableFuture<V> shared = sharedValue(key);
    return shared == null ? null : Uni.createFrom().completionStage(shared);
  }

  private <V> @Nullable CompletableFuture<V> sharedValue(Object key) {
    CaffeineCache caffeine;
    try {
      caffeine = delegate.as(CaffeineCache.class);
    } catch (IllegalStateException notCaffeine) {
      return null;
    }
    return caffeine.getIfPresent(key);
  }

  @Override
  public Uni<Void> invalidate(Object key) {
    RequestContext context = RequestContexts.current();
    recordWrite(context);
    if (!context.isTrace()) {
      return delegate.invalidate(key);
    }
    TraceCacheOverlays.Overlay overlay = overlays.of(context, getName());
    return Uni.createFrom()
        .item(
            () -> {
              overlay.invalidate(key);
              return null;
            })
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> invalidateAll() {
    RequestContext context = RequestContexts.current();
    recordWrite(context);
    if (!context.isTrace()) {
      return delegate.invalidateAll();
    }
    TraceCacheOverlays.Overlay overlay = overlays.of(context, getName());
    return Uni.createFrom()
        .item(
            () -> {
              overlay.invalidateAll();
              return null;
            })
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> invalidateIf(Predicate<Object> predicate) {
    RequestContext context = RequestContexts.current();
    recordWrite(context);
    if (!context.isTrace()) {
      return delegate.invalidateIf(predicate);
    }
    TraceCacheOverlays.Overlay overlay = overlays.of(context, getName());
    return Uni.createFrom()
        .item(
            () -> {
              overlay.invalidateIf(predicate);
              return null;
            })
        .replaceWithVoid();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Cache> T as(Class<T> type) {
    if (type == CaffeineCache.class) {
      return (T) new TraceGuardedCaffeineCache(delegate.as(CaffeineCache.class), this);
    }
    if (type.isInstance(this)) {
      return (T) this;
    }
    T typed = delegate.as(type);
    if (!type.isInterface()) {
      return typed;
    }
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type, TraceGuarded.class},
            (proxy, method, args) -> {
              RequestContext context = RequestContexts.current();
              if (context.isTrace() && method.getDeclaringClass() != Object.class) {
                context
                    .sideEffects()
                    .record(
                        new SideEffect(
                            SideEffect.Kind.VIOLATION,
                            getName(),
                            type.getSimpleName()
                                + "."
                                + method.getName()
                                + " refused under TRACE"));
                throw new IllegalStateException(
                    "The "
                        + type.getSimpleName()
                        + " API of cache "
                        + getName()
                        + " is not guarded for TRACE requests; use the Cache API or the caching"
                        + " annotations");
              }
              try {
                return method.invoke(typed, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
