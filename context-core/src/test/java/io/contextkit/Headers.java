package io.contextkit;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A header carrier for tests: case-insensitive names, repeated headers kept in order. */
final class Headers {

  static final HeaderGetter<Headers> GETTER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(Headers carrier, String name) {
          List<String> values = carrier.map.get(name.toLowerCase(Locale.ROOT));
          return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Iterator<String> getAll(Headers carrier, String name) {
          return carrier.map.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).iterator();
        }
      };

  static final HeaderSetter<Headers> SETTER = (carrier, name, value) -> carrier.set(name, value);

  final Map<String, List<String>> map = new LinkedHashMap<>();

  Headers add(String name, String value) {
    map.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  Headers set(String name, String value) {
    List<String> values = new ArrayList<>();
    values.add(value);
    map.put(name.toLowerCase(Locale.ROOT), values);
    return this;
  }

  @Nullable String get(String name) {
    return GETTER.get(this, name);
  }
}
