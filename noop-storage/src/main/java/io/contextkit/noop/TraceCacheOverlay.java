package io.contextkit.noop;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The cache writes of one TRACE request, kept within the request instead of reaching a shared
 * cache: a framework's cache guard asks it first on every read, and sends every put, eviction and
 * clear to it. A request therefore reads its own writes (a put is visible to a later read, an
 * evicted key reads as absent, a cleared cache hides every entry it did not put itself) while the
 * shared cache and every other request see nothing.
 *
 * <pre>{@code
 * TraceCacheOverlay overlay = TraceCacheOverlay.of(RequestContext.current());
 * TraceCacheOverlay.Lookup hit = overlay.lookup("books", isbn);
 * Object book = hit.isShared() ? sharedCache.get(isbn) : hit.value();
 * overlay.put("books", isbn, book); // reported as a CACHE side effect
 * }</pre>
 *
 * <p>There is one overlay per request, found through the request's {@linkplain
 * RequestContext#sideEffects() recorder}, which every context derived for the request shares, on
 * every thread the context travels to; it is dropped with the request (weakly referenced). Keys
 * must have value semantics ({@code equals}/{@code hashCode}), as for any cache. Thread-safe.
 */
public final class TraceCacheOverlay {

  private static final Map<SideEffectRecorder, TraceCacheOverlay> OVERLAYS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final Object NULL = new Object();
  private static final Object EVICTED = new Object();

  private final SideEffectRecorder recorder;
  private final Map<String, CacheWrites> caches = new ConcurrentHashMap<>();
  private volatile boolean allCleared;

  private TraceCacheOverlay(SideEffectRecorder recorder) {
    this.recorder = recorder;
  }

  /**
   * The overlay of the request {@code context} belongs to, created on first use.
   *
   * @throws IllegalArgumentException when {@code context} is not a TRACE context: STANDARD requests
   *     write to the shared cache
   */
  public static TraceCacheOverlay of(RequestContext context) {
    Objects.requireNonNull(context, "context");
    if (!context.isTrace()) {
      throw new IllegalArgumentException("only TRACE requests have a cache overlay");
    }
    SideEffectRecorder recorder = context.sideEffects();
    // Recorders are compared by identity: the journal of one request.
    return OVERLAYS.computeIfAbsent(recorder, TraceCacheOverlay::new);
  }

  /** What the overlay knows about one key. */
  public static final class Lookup {
    private static final Lookup SHARED = new Lookup(false, null);
    private static final Lookup ABSENT = new Lookup(false, null);

    private final boolean present;
    private final @Nullable Object value;

    private Lookup(boolean present, @Nullable Object value) {
      this.present = present;
      this.value = value;
    }

    /** Nothing written for the key in this request: read the shared cache. */
    public boolean isShared() {
      return this == SHARED;
    }

    /** The request evicted the key or cleared the cache: the key reads as absent. */
    public boolean isAbsent() {
      return this == ABSENT;
    }

    /** The request put a value (maybe {@code null}) for the key: read {@link #value()}. */
    public boolean isPresent() {
      return present;
    }

    /** The value the request put, {@code null} unless {@link #isPresent()}. */
    public @Nullable Object value() {
      return value;
    }
  }

  /** What this request wrote for {@code key} in cache {@code cacheName}. */
  public Lookup lookup(String cacheName, Object key) {
    CacheWrites writes = caches.get(cacheName);
    if (writes == null) {
      return allCleared ? Lookup.ABSENT : Lookup.SHARED;
    }
    Object value = writes.entries.get(key);
    if (value == null) {
      return writes.cleared || allCleared ? Lookup.ABSENT : Lookup.SHARED;
    }
    if (value == EVICTED) {
      return Lookup.ABSENT;
    }
    return new Lookup(true, value == NULL ? null : value);
  }

  /** Keeps {@code value} for {@code key} within the request and reports a suppressed put. */
  public void put(String cacheName, Object key, @Nullable Object value) {
    putQuietly(cacheName, key, value);
    report(cacheName, "put kept in the TRACE request");
  }

  /**
   * Keeps {@code value} for {@code key} within the request and reports a suppressed fill (a value a
   * loader computed on a miss, which the shared cache would have stored).
   */
  public void fill(String cacheName, Object key, @Nullable Object value) {
    putQuietly(cacheName, key, value);
    report(cacheName, "fill kept in the TRACE request");
  }

  private void putQuietly(String cacheName, Object key, @Nullable Object value) {
    writes(cacheName).entries.put(key, value == null ? NULL : value);
  }

  /** Makes {@code key} read as absent within the request and reports a suppressed eviction. */
  public void evict(String cacheName, Object key) {
    writes(cacheName).entries.put(key, EVICTED);
    report(cacheName, "evict kept in the TRACE request");
  }

  /**
   * Makes every entry of {@code cacheName} that the request did not put afterwards read as absent,
   * and reports a suppressed clear.
   */
  public void clear(String cacheName) {
    CacheWrites writes = writes(cacheName);
    synchronized (writes) {
      writes.entries.clear();
      writes.cleared = true;
    }
    report(cacheName, "clear kept in the TRACE request");
  }

  /**
   * Clears every cache, including those the request has not touched yet, and reports one suppressed
   * reset under {@code managerName}.
   */
  public void clearAll(String managerName) {
    allCleared = true;
    for (CacheWrites writes : caches.values()) {
      synchronized (writes) {
        writes.entries.clear();
        writes.cleared = true;
      }
    }
    report(managerName, "reset of every cache kept in the TRACE request");
  }

  private CacheWrites writes(String cacheName) {
    return caches.computeIfAbsent(cacheName, name -> new CacheWrites());
  }

  private void report(String target, String summary) {
    recorder.record(new SideEffect(SideEffect.Kind.CACHE, target, summary));
  }

  private static final class CacheWrites {
    final Map<Object, Object> entries = new ConcurrentHashMap<>();
    volatile boolean cleared;
  }
}
