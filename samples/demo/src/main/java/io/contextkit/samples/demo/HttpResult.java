package io.contextkit.samples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** An HTTP response as the demo shows it: status, headers (lower-case names, sorted) and body. */
public record HttpResult(int status, Map<String, List<String>> headers, String body) {

  public HttpResult {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      List<String> values =
          copy.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>());
      values.addAll(header.getValue());
    }
    copy.replaceAll((name, values) -> List.copyOf(values));
    headers = java.util.Collections.unmodifiableSortedMap(copy);
  }

  /** The first value of a header, or null; {@code name} is case-insensitive. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
