package io.contextkit.quarkus.runtime.internal;

import io.quarkus.cache.CacheManager;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;

/**
 * Replaces the {@link CacheManager} bean of quarkus-cache — which its caching interceptors and the
 * {@code @CacheName} injection of a {@code Cache} use — by the same manager with every cache
 * guarded for TRACE ({@link TraceGuardedCacheManager}). quarkus-cache's manager is a synthetic
 * bean, which CDI decorators cannot decorate; this alternative delegates to it.
 */
@Singleton
public final class TraceCacheProducer {

  private final TraceCacheOverlays overlays = new TraceCacheOverlays();

  @Produces
  @ApplicationScoped
  @Alternative
  @Priority(1)
  CacheManager traceGuardedCacheManager(BeanManager beans) {
    for (Bean<?> bean : beans.getBeans(CacheManager.class)) {
      if (bean.getBeanClass() != TraceCacheProducer.class) {
        CacheManager original =
            (CacheManager)
                beans.getReference(bean, CacheManager.class, beans.createCreationalContext(bean));
        return new TraceGuardedCacheManager(original, overlays);
      }
    }
    throw new IllegalStateException("quarkus-cache registered no CacheManager bean");
  }
}
