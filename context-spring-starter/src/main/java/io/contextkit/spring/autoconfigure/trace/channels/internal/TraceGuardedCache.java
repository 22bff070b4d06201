package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.TraceCacheOverlay;
import io.contextkit.noop.TraceGuarded;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A {@link Cache} whose writes under a TRACE request stay in the request's {@link
 * TraceCacheOverlay}: reads look at the overlay first (the request's own puts, evictions and
 * clears), then at the shared cache; puts ({@code @CachePut}, {@code @Cacheable} fills, {@code
 * putIfAbsent}, the values a {@code get(key, loader)} or {@code retrieve(key, loader)} loads),
 * evictions and clears never reach the shared cache and are each reported as a {@code CACHE} side
 * effect naming the cache. STANDARD requests use the shared cache directly.
 *
 * <p>Every operation is counted in the runtime dependency map ({@code CACHE}, called, named after
 * the cache): reads timed, STANDARD or TRACE; STANDARD writes timed; TRACE writes, which stay in
 * the overlay, as synthetic calls; {@code retrieve}s counted untimed.
 *
 * <p>Under TRACE, {@link #getNativeCache()} fails: the native cache would let a caller write around
 * the guard.
 *
 * <p>A transaction-aware cache it wraps ({@code TransactionAwareCacheDecorator}) keeps deferring
 * STANDARD writes to the commit; Spring Boot's cache metrics find the cache underneath through
 * {@link #delegate()} (see {@code TraceGuardedCacheMeterBinderProvider}).
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceGuardedCache implements Cache, TraceGuarded {

  private final Cache target;

  public TraceGuardedCache(Cache target) {
    this.target = target;
  }

  private static @Nullable TraceCacheOverlay overlay() {
    RequestContext context = RequestContext.current();
    return context.isTrace() ? TraceCacheOverlay.of(context) : null;
  }

  @Override
  public String getName() {
    return target.getName();
  }

  @Override
  public Object getNativeCache() {
    if (RequestContext.current().isTrace()) {
      throw new IllegalStateException(
          "TRACE request: the native cache of '"
              + getName()
              + "' would bypass the TRACE guard, so it is not handed out");
    }
    return target.getNativeCache();
  }

  @Override
  public @Nullable ValueWrapper get(Object key) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      ValueWrapper found = guardedGet(key);
      failed = false;
      return found;
    } finally {
      recordRead(start, failed);
    }
  }

  private @Nullable ValueWrapper guardedGet(Object key) {
    TraceCacheOverlay overlay = overlay();
    return overlay == null ? target.get(key) : get(overlay, key);
  }

  private @Nullable ValueWrapper get(TraceCacheOverlay overlay, Object key) {
    TraceCacheOverlay.Lookup lookup = overlay.lookup(getName(), key);
    if (lookup.isPresent()) {
      return new SimpleValueWrapper(lookup.value());
    }
    return lookup.isAbsent() ? null : target.get(key);
  }

  @Override
  public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T found = guardedGet(key, type);
      failed = false;
      return found;
    } finally {
      recordRead(start, failed);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> @Nullable T guardedGet(Object key, @Nullable Class<T> type) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.get(key, type);
    }
    TraceCacheOverlay.Lookup lookup = overlay.lookup(getName(), key);
    if (lookup.isShared()) {
      return target.get(key, type);
    }
    Object value = lookup.value();
    if (value != null && type != null && !type.isInstance(value)) {
      throw new IllegalStateException(
          "Cached value is not of required type [" + type.getName() + "]: " + value);
    }
    return (T) value;
  }

  @Override
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T found = guardedGet(key, valueLoader);
      failed = false;
      return found;
    } finally {
      recordRead(start, failed);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> @Nullable T guardedGet(Object key, Callable<T> valueLoader) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.get(key, valueLoader);
    }
    ValueWrapper existing = get(overlay, key);
    if (existing != null) {
      return (T) existing.get();
    }
    T value;
    try {
      value = valueLoader.call();
    } catch (Exception e) {
      throw new ValueRetrievalException(key, valueLoader, e);
    }
    checkNullAllowed(value);
    overlay.fill(getName(), key, value);
    return value;
  }

  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    // Asynchronous: counted when asked, not timed.
    edge().record(-1, false, RequestContext.current().isTrace());
    return guardedRetrieve(key);
  }

  private @Nullable CompletableFuture<?> guardedRetrieve(Object key) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.retrieve(key);
    }
    TraceCacheOverlay.Lookup lookup = overlay.lookup(getName(), key);
    if (lookup.isShared()) {
      return target.retrieve(key);
    }
    if (lookup.isAbsent()) {
      return null;
    }
    // A stored null travels as a ValueWrapper, as the caches that allow null values return it.
    Object value = lookup.value();
    return CompletableFuture.completedFuture(value == null ? new SimpleValueWrapper(null) : value);
  }

  @Override
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    edge().record(-1, false, RequestContext.current().isTrace());
    return guardedRetrieve(key, valueLoader);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> guardedRetrieve(
      Object key, Supplier<CompletableFuture<T>> valueLoader) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.retrieve(key, valueLoader);
    }
    String name = getName();
    TraceCacheOverlay.Lookup lookup = overlay.lookup(name, key);
    if (lookup.isPresent()) {
      return CompletableFuture.completedFuture((T) lookup.value());
    }
    if (lookup.isShared()) {
      CompletableFuture<?> shared = target.retrieve(key);
      if (shared != null) {
        return shared.thenCompose(
            found ->
                found != null
                    ? CompletableFuture.completedFuture((T) unwrap(found))
                    : load(overlay, name, key, valueLoader));
      }
    }
    return load(overlay, name, key, valueLoader);
  }

  private static @Nullable Object unwrap(Object found) {
    return found instanceof ValueWrapper wrapper ? wrapper.get() : found;
  }

  private <T> CompletableFuture<T> load(
      TraceCacheOverlay overlay,
      String name,
      Object key,
      Supplier<CompletableFuture<T>> valueLoader) {
    return valueLoader
        .get()
        .thenApply(
            value -> {
              overlay.fill(name, key, value);
              return value;
            });
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      guardedPut(key, value);
      failed = false;
    } finally {
      recordWrite(start, failed);
    }
  }

  private void guardedPut(Object key, @Nullable Object value) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      target.put(key, value);
      return;
    }
    checkNullAllowed(value);
    overlay.put(getName(), key, value);
  }

  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      ValueWrapper existing = guardedPutIfAbsent(key, value);
      failed = false;
      return existing;
    } finally {
      recordWrite(start, failed);
    }
  }

  private @Nullable ValueWrapper guardedPutIfAbsent(Object key, @Nullable Object value) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.putIfAbsent(key, value);
    }
    ValueWrapper existing = get(overlay, key);
    if (existing != null) {
      return existing;
    }
    checkNullAllowed(value);
    overlay.put(getName(), key, value);
    return null;
  }

  @Override
  public void evict(Object key) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      guardedEvict(key);
      failed = false;
    } finally {
      recordWrite(start, failed);
    }
  }

  private void guardedEvict(Object key) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      target.evict(key);
      return;
    }
    overlay.evict(getName(), key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      boolean evicted = guardedEvictIfPresent(key);
      failed = false;
      return evicted;
    } finally {
      recordWrite(start, failed);
    }
  }

  private boolean guardedEvictIfPresent(Object key) {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.evictIfPresent(key);
    }
    if (get(overlay, key) == null) {
      return false;
    }
    overlay.evict(getName(), key);
    return true;
  }

  @Override
  public void clear() {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      guardedClear();
      failed = false;
    } finally {
      recordWrite(start, failed);
    }
  }

  private void guardedClear() {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      target.clear();
      return;
    }
    overlay.clear(getName());
  }

  @Override
  public boolean invalidate() {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      boolean invalidated = guardedInvalidate();
      failed = false;
      return invalidated;
    } finally {
      recordWrite(start, failed);
    }
  }

  private boolean guardedInvalidate() {
    TraceCacheOverlay overlay = overlay();
    if (overlay == null) {
      return target.invalidate();
    }
    overlay.clear(getName());
    // Whether the shared cache had mappings is not looked up: "cannot be determined".
    return false;
  }

  /** This cache's edge in the runtime dependency map (looked up without allocating). */
  private DependencyEdge edge() {
    return ContextKit.dependencies()
        .edge(DependencyKind.CACHE, DependencyDirection.CALLED, getName());
  }

  /** A read: timed, STANDARD or TRACE (a TRACE read may reach the shared cache). */
  private void recordRead(long start, boolean failed) {
    edge().record(System.nanoTime() - start, failed, RequestContext.current().isTrace());
  }

  /**
   * A write: timed under STANDARD; under TRACE it stayed in the request's overlay and never reached
   * the shared cache, so it is synthetic (an error, untimed, when it failed).
   */
  private void recordWrite(long start, boolean failed) {
    if (!RequestContext.current().isTrace()) {
      edge().record(System.nanoTime() - start, failed, false);
    } else if (failed) {
      edge().record(-1, true, true);
    } else {
      edge().recordSynthetic();
    }
  }

  /** A cache that refuses null values refuses them under TRACE too. */
  private void checkNullAllowed(@Nullable Object value) {
    if (value == null
        && target instanceof AbstractValueAdaptingCache adapting
        && !adapting.isAllowNullValues()) {
      throw new IllegalArgumentException(
          "Cache '" + getName() + "' is configured to not allow null values but null was provided");
    }
  }

  /** The cache this one guards. */
  public Cache delegate() {
    return target;
  }

  @Override
  public String toString() {
    return "TraceGuardedCache[" + target + "]";
  }
}
