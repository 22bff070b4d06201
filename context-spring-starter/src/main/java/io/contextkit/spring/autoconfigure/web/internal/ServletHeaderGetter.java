package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.w3c.HeaderGetter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/** Reads headers of a servlet request; repeated headers come back one value each, in order. */
enum ServletHeaderGetter implements HeaderGetter<HttpServletRequest> {
  INSTANCE;

  @Override
  public @Nullable String get(HttpServletRequest carrier, String name) {
    return carrier.getHeader(name);
  }

  @Override
  public Iterator<String> getAll(HttpServletRequest carrier, String name) {
    Enumeration<String> values = carrier.getHeaders(name);
    return values == null ? Collections.emptyIterator() : values.asIterator();
  }
}
