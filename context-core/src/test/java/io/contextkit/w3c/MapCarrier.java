package io.contextkit.w3c;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A hand-written carrier double: ordered, repeatable headers with case-insensitive names. */
final class MapCarrier {

  private final List<String[]> headers = new ArrayList<>();
  final List<String> namesRead = new ArrayList<>();

  static final HeaderGetter<MapCarrier> GETTER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(MapCarrier carrier, String name) {
          carrier.namesRead.add(name);
          for (String[] h : carrier.headers) {
            if (h[0].equalsIgnoreCase(name)) {
              return h[1];
            }
          }
          return null;
        }

        @Override
        public Iterator<String> getAll(MapCarrier carrier, String name) {
          carrier.namesRead.add(name);
          List<String> values = new ArrayList<>();
          for (String[] h : carrier.headers) {
            if (h[0].equalsIgnoreCase(name)) {
              values.add(h[1]);
            }
          }
          return values.iterator();
        }
      };

  static final HeaderSetter<MapCarrier> SETTER =
      (carrier, name, value) -> {
        carrier.headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        carrier.headers.add(new String[] {name, value});
      };

  MapCarrier add(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        values.add(h[1]);
      }
    }
    return values;
  }
}
