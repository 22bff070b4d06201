package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The request-local caches of TRACE requests: what a TRACE request puts into or invalidates in a
 * shared cache stays in an overlay of its own, which the same request reads through and no other
 * request sees. An overlay lives as long as the request's side-effect recorder (weakly keyed by it:
 * the recorder is shared by every context of one request and dropped with it).
 */
final class TraceCacheOverlays {

  private static final Object NULL = new Object();

  private final Map<SideEffectRecorder, Map<String, Overlay>> overlays =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The overlay of {@code cache} for the TRACE request of {@code context}. */
  Overlay of(RequestContext context, String cache) {
    Map<String, Overlay> byCache =
        overlays.computeIfAbsent(context.sideEffects(), r -> new ConcurrentHashMap<>());
    return byCache.computeIfAbsent(cache, name -> new Overlay(context.sideEffects(), name));
  }

  /** One cache as one TRACE request sees it. Thread-safe. */
  static final class Overlay {
    private final SideEffectRecorder recorder;
    private final String cache;
    private final Map<Object, Object> values = new ConcurrentHashMap<>();
    private final Set<Object> hidden = Collections.synchronizedSet(new HashSet<>());
    private final List<Predicate<Object>> hiddenIf = new CopyOnWriteArrayList<>();
    private volatile boolean allHidden;

    private Overlay(SideEffectRecorder recorder, String cache) {
      this.recorder = recorder;
      this.cache = cache;
    }

    /** Whether this request put a value under {@code key}. */
    boolean holds(Object key) {
      return values.containsKey(key);
    }

    /** The value this request put under {@code key} ({@link #holds} first). */
    Object value(Object key) {
      Object value = values.get(key);
      return value == NULL ? null : value;
    }

    /** The keys this request put. */
    Set<Object> keys() {
      return Set.copyOf(values.keySet());
    }

    /** Whether the shared cache's entry for {@code key} is invalidated for this request. */
    boolean hidesShared(Object key) {
      if (allHidden || hidden.contains(key)) {
        return true;
      }
      for (Predicate<Object> predicate : hiddenIf) {
        if (predicate.test(key)) {
          return true;
        }
      }
      return false;
    }

    /** Keeps a value this request computed, instead of filling the shared cache. */
    void put(Object key, Object value) {
      values.put(key, value == null ? NULL : value);
      record("value kept in the request, shared cache not filled");
    }

    void invalidate(Object key) {
      values.remove(key);
      hidden.add(key);
      record("invalidation kept in the request, shared cache untouched");
    }

    void invalidateAll() {
      values.clear();
      allHidden = true;
      record("invalidate-all kept in the request, shared cache untouched");
    }

    void invalidateIf(Predicate<Object> predicate) {
      values.keySet().removeIf(predicate);
      hiddenIf.add(predicate);
      record("invalidate-if kept in the request, shared cache untouched");
    }

    private void record(String summary) {
      recorder.record(new SideEffect(SideEffect.Kind.CACHE, cache, summary));
    }
  }
}
