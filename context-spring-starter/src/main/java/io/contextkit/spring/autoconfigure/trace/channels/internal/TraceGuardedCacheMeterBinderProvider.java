package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.util.LambdaSafe;

/**
 * Lets Spring Boot's cache metrics see through a {@link TraceGuardedCache}: the meter binder of a
 * guarded cache is the one the other providers give for the cache it guards (Caffeine, Redis,
 * JCache, ...), so guarding a cache does not drop its metrics.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceGuardedCacheMeterBinderProvider
    implements CacheMeterBinderProvider<TraceGuardedCache> {

  private final Supplier<List<CacheMeterBinderProvider<?>>> providers;

  /** {@code providers} lists every provider bean, this one included (it is skipped). */
  public TraceGuardedCacheMeterBinderProvider(
      Supplier<List<CacheMeterBinderProvider<?>>> providers) {
    this.providers = providers;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public @Nullable MeterBinder getMeterBinder(TraceGuardedCache cache, Iterable<Tag> tags) {
    List<CacheMeterBinderProvider<?>> others = new ArrayList<>();
    for (CacheMeterBinderProvider<?> provider : providers.get()) {
      if (provider != this) {
        others.add(provider);
      }
    }
    return LambdaSafe.callbacks(CacheMeterBinderProvider.class, others, cache.delegate())
        .withLogger(TraceGuardedCacheMeterBinderProvider.class)
        .invokeAnd(
            provider ->
                ((CacheMeterBinderProvider) provider).getMeterBinder(cache.delegate(), tags))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
