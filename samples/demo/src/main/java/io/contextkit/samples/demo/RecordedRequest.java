package io.contextkit.samples.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the payment stub received it. Header names are lower-cased (HTTP header names
 * are case-insensitive) and sorted.
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, String body) {

  public RecordedRequest {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      copy.merge(
          header.getKey().toLowerCase(Locale.ROOT),
          List.copyOf(header.getValue()),
          (a, b) -> {
            java.util.ArrayList<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
          });
    }
    headers = java.util.Collections.unmodifiableSortedMap(copy);
  }

  /** The first value of a header, or null when absent; {@code name} is case-insensitive. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
