package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.w3c.HeaderGetter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads headers of a reactive server request (case-insensitive, as Spring's {@code HttpHeaders});
 * repeated headers come back one value each, in order.
 */
enum ServerRequestHeaderGetter implements HeaderGetter<ServerHttpRequest> {
  INSTANCE;

  @Override
  public @Nullable String get(ServerHttpRequest carrier, String name) {
    return carrier.getHeaders().getFirst(name);
  }

  @Override
  public Iterator<String> getAll(ServerHttpRequest carrier, String name) {
    List<String> values = carrier.getHeaders().get(name);
    return values == null ? Collections.emptyIterator() : values.iterator();
  }
}
