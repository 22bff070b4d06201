package io.contextkit.spring.autoconfigure.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** Parses captured console output into JSON log events, failing on a key written twice. */
final class ConsoleJson {

  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ConsoleJson() {}

  /** Every line of {@code output} that is a JSON object, parsed; throws on a duplicate key. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> events(String output) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : output.split("\\R")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
        events.add(STRICT.readValue(trimmed, Map.class));
      }
    }
    return events;
  }
}
