package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceCacheOverlay;
import io.contextkit.noop.TraceGuarded;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The TRACE guard of one {@link CacheManager} bean: every cache it hands out is a {@link
 * TraceGuardedCache} (one per cache, made once); under a TRACE request {@code resetCaches()} clears
 * the request's view of every cache instead of the caches, and any other method the manager has
 * beyond {@code CacheManager}'s, other than a getter, fails (fail closed: it may write). STANDARD
 * requests use the manager as it is.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceCacheManagerInterceptor implements MethodInterceptor {

  private final String managerName;
  private final Map<String, TraceGuardedCache> guarded = new ConcurrentHashMap<>();

  public TraceCacheManagerInterceptor(String managerName) {
    this.managerName = managerName;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Method method = invocation.getMethod();
    String name = method.getName();
    if (name.equals("getCache") && method.getParameterCount() == 1) {
      Object cache = invocation.proceed();
      return cache instanceof Cache c ? guard(c) : cache;
    }
    RequestContext context = RequestContext.current();
    if (!context.isTrace()) {
      return invocation.proceed();
    }
    if (name.equals("resetCaches") && method.getParameterCount() == 0) {
      TraceCacheOverlay.of(context).clearAll(managerName);
      return null;
    }
    if (method.getDeclaringClass() == CacheManager.class
        || method.getDeclaringClass() == Object.class
        || name.startsWith("get")
        || name.startsWith("is")) {
      return invocation.proceed();
    }
    throw new IllegalStateException(
        "TRACE request: "
            + method.getDeclaringClass().getSimpleName()
            + "."
            + name
            + " may change the caches of '"
            + managerName
            + "' and has no TRACE guard, so it is not called");
  }

  private Cache guard(Cache cache) {
    if (cache instanceof TraceGuarded) {
      return cache;
    }
    String name = cache.getName();
    TraceGuardedCache existing = guarded.get(name);
    if (existing != null && existing.delegate() == cache) {
      return existing;
    }
    // Some managers hand out a new decorator on every call: guard the one handed out now.
    TraceGuardedCache fresh = new TraceGuardedCache(cache);
    guarded.put(name, fresh);
    return fresh;
  }
}
