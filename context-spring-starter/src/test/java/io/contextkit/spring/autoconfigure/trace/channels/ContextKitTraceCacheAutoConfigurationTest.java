package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceCacheManagerPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceGuardedCache;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceGuardedCacheMeterBinderProvider;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.metrics.CaffeineCacheMeterBinderProvider;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheManagerProxy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ContextKitTraceCacheAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextKitTraceCacheAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class Caches {
    @Bean
    ConcurrentMapCacheManager cacheManager() {
      return new ConcurrentMapCacheManager("books");
    }
  }

  private static RequestContext trace() {
    return RequestContext.builder().requestType(RequestType.TRACE).build();
  }

  @Test
  void traceWritesStayInTheRequestOnEveryThreadAndNeverReachTheSharedCache() {
    contextRunner
        .withUserConfiguration(Caches.class)
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager)
                  .isInstanceOf(TraceGuarded.class)
                  .isInstanceOf(ConcurrentMapCacheManager.class);
              Cache cache = manager.getCache("books");
              assertThat(cache).isInstanceOf(TraceGuarded.class);
              assertThat(manager.getCache("books")).isSameAs(cache);
              cache.put("shared", "real");
              cache.put("gone", "real");

              RequestContext trace = trace();
              ExecutorService pool = Executors.newSingleThreadExecutor();
              try {
                try (var scope = trace.makeCurrent()) {
                  cache.put("k", "dry");
                  cache.evict("gone");
                  assertThat(cache.get("k").get()).isEqualTo("dry");
                  assertThat(cache.get("gone")).isNull();
                  assertThat(cache.get("shared").get()).isEqualTo("real");
                  assertThat(cache.putIfAbsent("shared", "other").get()).isEqualTo("real");
                  assertThat(cache.get("loaded", () -> "computed")).isEqualTo("computed");
                  assertThat(cache.get("loaded", String.class)).isEqualTo("computed");
                  assertThat(cache.retrieve("k").get()).isEqualTo("dry");
                  assertThat(
                          cache
                              .retrieve("async", () -> CompletableFuture.completedFuture("a"))
                              .get())
                      .isEqualTo("a");
                  assertThat(cache.evictIfPresent("never-there")).isFalse();
                  // Another thread of the same request (the context travels) sees the overlay.
                  assertThat(
                          pool.submit(
                                  () -> {
                                    try (var inner = trace.makeCurrent()) {
                                      return String.valueOf(cache.get("k").get());
                                    }
                                  })
                              .get())
                      .isEqualTo("dry");
                  assertThatThrownBy(cache::getNativeCache)
                      .isInstanceOf(IllegalStateException.class);
                }
                // Another TRACE request sees nothing of it.
                try (var scope = trace().makeCurrent()) {
                  assertThat(cache.get("k")).isNull();
                  assertThat(cache.get("gone").get()).isEqualTo("real");
                }
                // Nor does the shared cache.
                assertThat(cache.get("k")).isNull();
                assertThat(cache.get("loaded")).isNull();
                assertThat(cache.get("async")).isNull();
                assertThat(cache.get("gone").get()).isEqualTo("real");
                assertThat(trace.sideEffects().report().effects())
                    .extracting(SideEffect::kind, SideEffect::target)
                    .containsOnly(
                        org.assertj.core.groups.Tuple.tuple(SideEffect.Kind.CACHE, "books"));
                assertThat(trace.sideEffects().report().count(SideEffect.Kind.CACHE)).isEqualTo(4);
              } finally {
                pool.shutdownNow();
              }
            });
  }

  @Test
  void clearAndResetHideEverySharedEntryWithinTheRequestOnly() {
    contextRunner
        .withUserConfiguration(Caches.class)
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              Cache cache = manager.getCache("books");
              cache.put("a", "1");
              try (var scope = trace().makeCurrent()) {
                cache.clear();
                assertThat(cache.get("a")).isNull();
                cache.put("b", "2");
                assertThat(cache.get("b").get()).isEqualTo("2");
              }
              try (var scope = trace().makeCurrent()) {
                manager.resetCaches();
                assertThat(cache.get("a")).isNull();
              }
              assertThat(cache.get("a").get()).isEqualTo("1");
              assertThat(cache.get("b")).isNull();
              manager.resetCaches();
              assertThat(manager.getCache("books").get("a"))
                  .as("STANDARD resets for real")
                  .isNull();
            });
  }

  @Test
  void transactionAwareCachesStillDeferStandardWritesToTheCommit() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:cache-tx;DB_CLOSE_DELAY=-1");
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(h2));
    ConcurrentMapCacheManager target = new ConcurrentMapCacheManager("books");
    contextRunner
        .withBean(CacheManager.class, () -> new TransactionAwareCacheManagerProxy(target))
        .run(
            context -> {
              Cache cache = context.getBean(CacheManager.class).getCache("books");
              tx.executeWithoutResult(
                  status -> {
                    cache.put("k", "committed");
                    assertThat(target.getCache("books").get("k")).isNull();
                  });
              assertThat(target.getCache("books").get("k").get()).isEqualTo("committed");
              try (var scope = trace().makeCurrent()) {
                tx.executeWithoutResult(status -> cache.put("k", "dry"));
                assertThat(cache.get("k").get()).isEqualTo("dry");
              }
              assertThat(target.getCache("books").get("k").get()).isEqualTo("committed");
            });
  }

  @Test
  void cacheMetricsBindToTheGuardedCache() {
    CaffeineCache caffeine =
        new CaffeineCache("books", Caffeine.newBuilder().recordStats().build());
    TraceGuardedCacheMeterBinderProvider provider =
        new TraceGuardedCacheMeterBinderProvider(
            () -> List.of(new CaffeineCacheMeterBinderProvider()));
    assertThat(provider.getMeterBinder(new TraceGuardedCache(caffeine), Tags.empty())).isNotNull();
  }

  @Test
  void backsOffForAUserPostProcessor() {
    contextRunner
        .withUserConfiguration(Caches.class)
        .withBean("myCacheGuard", TraceCacheManagerPostProcessor.class)
        .run(
            context ->
                assertThat(context.getBeansOfType(TraceCacheManagerPostProcessor.class))
                    .containsOnlyKeys("myCacheGuard"));
  }

  @Test
  void leavesCachesUnguardedWhenSwitchedOff() {
    contextRunner
        .withUserConfiguration(Caches.class)
        .withPropertyValues("contextkit.trace.cache.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TraceCacheManagerPostProcessor.class);
              assertThat(context.getBean(CacheManager.class)).isNotInstanceOf(TraceGuarded.class);
            });
  }

  @Test
  void backsOffWithoutSpringCache() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(CacheManager.class))
        .run(context -> assertThat(context).doesNotHaveBean(TraceCacheManagerPostProcessor.class));
  }
}
