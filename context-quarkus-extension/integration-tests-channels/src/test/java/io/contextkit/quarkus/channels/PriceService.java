package io.contextkit.quarkus.channels;

import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** A cached lookup that counts how often it really runs. */
@ApplicationScoped
public class PriceService {

  final AtomicInteger lookups = new AtomicInteger();

  @CacheResult(cacheName = "prices")
  public String price(String id) {
    return id + "@" + lookups.incrementAndGet();
  }

  @CacheInvalidate(cacheName = "prices")
  public void forget(String id) {}

  @CacheInvalidateAll(cacheName = "prices")
  public void forgetAll() {}
}
