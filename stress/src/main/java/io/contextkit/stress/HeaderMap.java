package io.contextkit.stress;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A header carrier: case-insensitive names, repeated headers kept in order. */
final class HeaderMap {

  static final HeaderGetter<HeaderMap> GETTER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(HeaderMap carrier, String name) {
          List<String> values = carrier.map.get(name.toLowerCase(Locale.ROOT));
          return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Iterator<String> getAll(HeaderMap carrier, String name) {
          return carrier.map.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).iterator();
        }
      };

  static final HeaderSetter<HeaderMap> SETTER = (carrier, name, value) -> carrier.set(name, value);

  final Map<String, List<String>> map = new LinkedHashMap<>();

  HeaderMap add(String name, String value) {
    map.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  HeaderMap set(String name, String value) {
    List<String> values = new ArrayList<>();
    values.add(value);
    map.put(name.toLowerCase(Locale.ROOT), values);
    return this;
  }

  @Nullable String first(String name) {
    return GETTER.get(this, name);
  }
}
