package io.contextkit.samples.demo;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One JSON log line of a service: which service wrote it, its top-level fields (scalar values as
 * text, nested values as their JSON) and the raw line.
 */
public record LogLine(String service, Map<String, String> fields, String raw) {

  public LogLine {
    fields = Map.copyOf(fields);
  }

  /** A field's value, or null when the line does not carry it (or it is empty). */
  public @Nullable String field(String name) {
    String value = fields.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The log message, whatever the framework calls the field. */
  public String message() {
    String message = field("message");
    return message == null ? "" : message;
  }

  /** The level, whatever the framework calls the field. */
  public String level() {
    String level = field("level");
    return level == null ? "" : level;
  }

  /** The logger name: {@code logger_name} (Logstash encoder) or {@code loggerName} (Quarkus). */
  public String logger() {
    String logger = field("logger_name");
    if (logger == null) {
      logger = field("loggerName");
    }
    return logger == null ? "" : logger;
  }

  /** The timestamp: {@code @timestamp} (Logstash encoder) or {@code timestamp} (Quarkus). */
  public String timestamp() {
    String timestamp = field("@timestamp");
    if (timestamp == null) {
      timestamp = field("timestamp");
    }
    return timestamp == null ? "" : timestamp;
  }
}
