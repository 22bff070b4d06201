package io.contextkit.benchmarks;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tiny header carrier that allocates nothing when read or written, so the codec benchmarks
 * measure the codecs and not a map. Lookups ignore case, as HTTP does. Both ours and
 * OpenTelemetry's propagators read and write it through adapters below.
 */
final class Headers {

  private static final int CAPACITY = 16;

  private final String[] names = new String[CAPACITY];
  private final String[] values = new String[CAPACITY];
  private int size;

  @Nullable String get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return null;
  }

  void set(String name, String value) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        values[i] = value;
        return;
      }
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      names[i] = null;
      values[i] = null;
    }
    size = 0;
  }

  int size() {
    return size;
  }

  List<String> names() {
    List<String> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(names[i]);
    }
    return list;
  }

  /** ContextKit's getter. */
  static final HeaderGetter<Headers> GETTER = Headers::get;

  /** ContextKit's setter. */
  static final HeaderSetter<Headers> SETTER = Headers::set;

  /** OpenTelemetry's getter. */
  static final TextMapGetter<Headers> OTEL_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
          return carrier.names();
        }

        @Override
        public @Nullable String get(@Nullable Headers carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /** OpenTelemetry's setter. */
  static final TextMapSetter<Headers> OTEL_SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.set(key, value);
        }
      };
}
