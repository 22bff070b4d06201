package io.contextkit.samples.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads services' stdout as JSON log lines (one object per line) and groups them by {@code
 * request_id}. Lines that are not a JSON object (a banner, a JVM warning) are skipped; they are in
 * the raw log files for whoever needs them. Stateless and thread-safe.
 */
public final class JsonLogs {

  /** The context fields ContextKit writes on every log line, in the order the demo prints them. */
  public static final List<String> CONTEXT_FIELDS =
      List.of("trace_id", "request_id", "user_id", "request_type", "feature_flags");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLogs() {}

  /** Parses one line; empty when it is not a JSON object. */
  public static Optional<LogLine> parse(String service, String line) {
    String trimmed = line.trim();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(trimmed);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue;
      }
      fields.put(entry.getKey(), value.isValueNode() ? value.asText() : value.toString());
    }
    // Quarkus' JSON formatter nests the MDC under "mdc" unless told otherwise: lift it, so both
    // services are read the same way (a top-level field wins).
    JsonNode mdc = node.get("mdc");
    if (mdc != null && mdc.isObject()) {
      for (Map.Entry<String, JsonNode> entry : mdc.properties()) {
        if (!entry.getValue().isNull()) {
          fields.putIfAbsent(entry.getKey(), entry.getValue().asText());
        }
      }
    }
    return Optional.of(new LogLine(service, fields, trimmed));
  }

  /** Parses every line; non-JSON lines are skipped. */
  public static List<LogLine> parseAll(String service, List<String> lines) {
    List<LogLine> parsed = new ArrayList<>();
    for (String line : lines) {
      parse(service, line).ifPresent(parsed::add);
    }
    return parsed;
  }

  /**
   * Groups lines by {@code request_id}, groups in order of their first line, lines in the order
   * given; lines without a request id are left out.
   */
  public static Map<String, List<LogLine>> byRequestId(List<LogLine> lines) {
    Map<String, List<LogLine>> groups = new LinkedHashMap<>();
    for (LogLine line : lines) {
      String requestId = line.field("request_id");
      if (requestId != null) {
        groups.computeIfAbsent(requestId, id -> new ArrayList<>()).add(line);
      }
    }
    return groups;
  }

  /** The lines whose {@code field} equals {@code value}. */
  public static List<LogLine> withField(List<LogLine> lines, String field, String value) {
    List<LogLine> matching = new ArrayList<>();
    for (LogLine line : lines) {
      if (value.equals(line.field(field))) {
        matching.add(line);
      }
    }
    return matching;
  }
}
