package io.contextkit.quarkus.channels;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.concurrent.CompletableFuture;

/**
 * Uses the {@code prices} cache through the annotations and the {@code Cache} API; {@code GET
 * /cache/shared/{id}} shows what the shared cache holds (read as a STANDARD request).
 */
@Path("/cache")
public class CacheResource {

  @Inject PriceService prices;

  @Inject
  @CacheName("prices")
  Cache cache;

  /** Two lookups of one id: the value both returned. */
  @POST
  @Path("/price/{id}")
  public String price(@PathParam("id") String id) {
    String first = prices.price(id);
    String second = prices.price(id);
    return first.equals(second) ? first : "differ: " + first + " " + second;
  }

  /** Invalidates one id, then looks it up again. */
  @POST
  @Path("/forget/{id}")
  public String forget(@PathParam("id") String id) {
    prices.forget(id);
    return prices.price(id);
  }

  /** Invalidates the whole cache, then looks one id up. */
  @POST
  @Path("/forget-all/{id}")
  public String forgetAll(@PathParam("id") String id) {
    prices.forgetAll();
    return prices.price(id);
  }

  /** A programmatic lookup through the {@code Cache} API, then through {@code CaffeineCache}. */
  @POST
  @Path("/api/{id}")
  public String api(@PathParam("id") String id) {
    String loaded = cache.get(id, k -> k + "@api").await().indefinitely();
    CaffeineCache caffeine = cache.as(CaffeineCache.class);
    caffeine.put(id + "-put", CompletableFuture.completedFuture("put"));
    return loaded + " " + caffeine.getIfPresent(id + "-put").join();
  }

  @GET
  @Path("/shared/{id}")
  public String shared(@PathParam("id") String id) {
    CompletableFuture<Object> value = cache.as(CaffeineCache.class).getIfPresent(id);
    return value == null ? "absent" : String.valueOf(value.join());
  }
}
