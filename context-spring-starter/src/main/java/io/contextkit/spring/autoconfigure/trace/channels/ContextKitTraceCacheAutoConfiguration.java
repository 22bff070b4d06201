package io.contextkit.spring.autoconfigure.trace.channels;

import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceCacheManagerPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceGuardedCacheMeterBinderProvider;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TRACE guard of Spring Cache: every {@code CacheManager} bean is guarded (static post-processor,
 * never {@code @Primary}, never twice; the guarded bean implements {@code
 * io.contextkit.noop.TraceGuarded}), and so is every cache it hands out. Under a TRACE request,
 * puts, {@code @Cacheable} fills, evictions and clears stay in a request-local overlay ({@code
 * io.contextkit.noop.TraceCacheOverlay}) on top of the shared cache: the request reads its own
 * writes, the shared cache and other requests see none of them, and each is reported as a {@code
 * CACHE} side effect naming the cache. STANDARD requests use the caches unchanged.
 *
 * <p>Off with {@code contextkit.trace.cache.enabled=false}: cache managers are then left unguarded.
 */
@AutoConfiguration
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.trace.cache.enabled", matchIfMissing = true)
public final class ContextKitTraceCacheAutoConfiguration {

  // Static: a post-processor from an instance method would force this configuration early.
  @Bean
  @ConditionalOnMissingBean
  static TraceCacheManagerPostProcessor contextKitTraceCacheManagerPostProcessor() {
    return new TraceCacheManagerPostProcessor();
  }

  /** Spring Boot's cache metrics bind to the cache a guarded cache wraps. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CacheMeterBinderProvider.class, MeterBinder.class})
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TraceGuardedCacheMeterBinderProvider contextKitTraceGuardedCacheMeterBinderProvider(
        ObjectProvider<CacheMeterBinderProvider<?>> providers) {
      return new TraceGuardedCacheMeterBinderProvider(() -> providers.orderedStream().toList());
    }
  }
}
