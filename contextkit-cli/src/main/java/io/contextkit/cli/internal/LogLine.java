package io.contextkit.cli.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One JSON log line, reduced to what the {@code logs} verb shows, whichever framework wrote it:
 * Spring Boot with logstash-logback-encoder or Boot's structured {@code logstash} format (context
 * fields flat at the top level), Boot's {@code ecs} format ({@code log.level}, {@code
 * process.thread.name}), Quarkus' JSON console with the context flat or nested in its {@code mdc}
 * object ({@code quarkus-logging-json}). A top-level field wins over the same field in {@code mdc}.
 *
 * @param service the service: the line's own {@code application_name} / {@code service.name} /
 *     {@code appName}, else the name of the input it came from
 * @param input the input (file name or {@code -}) and 1-based line number, for messages
 * @param sequence the line's position across all inputs, in reading order (orders ties)
 * @param time when the line was written, or {@code null} when it carries no readable timestamp
 * @param rawTime the timestamp as written ({@code ""} when absent)
 * @param level the level ({@code ""} when absent)
 * @param thread the thread ({@code ""} when absent)
 * @param logger the logger name ({@code ""} when absent)
 * @param message the message ({@code ""} when absent)
 * @param traceId {@code trace_id}, or {@code null}
 * @param requestId {@code request_id}, or {@code null}
 * @param parentId {@code parent_id} (the hop's span id), or {@code null}
 * @param context the other context fields present ({@code user_id}, {@code account_id}, {@code
 *     request_type}, {@code tester}, {@code license}, {@code feature_flags}), in that order
 * @param effects a TRACE report's suppressed effects ({@code trace.effects}), or {@code null}
 * @param error the first line of a logged exception, or {@code null}
 */
public record LogLine(
    String service,
    String input,
    long sequence,
    @Nullable Instant time,
    String rawTime,
    String level,
    String thread,
    String logger,
    String message,
    @Nullable String traceId,
    @Nullable String requestId,
    @Nullable String parentId,
    Map<String, String> context,
    @Nullable String effects,
    @Nullable String error) {

  /** The context fields shown besides the ids, in display order. */
  public static final List<String> CONTEXT_FIELDS =
      List.of("user_id", "account_id", "request_type", "tester", "license", "feature_flags");

  private static final String[] SERVICE = {
    "application_name", "service.name", "service_name", "appName", "app_name", "service"
  };
  private static final String[] TIME = {"@timestamp", "timestamp", "time", "ts"};
  private static final String[] LEVEL = {"level", "log.level", "severity", "levelname"};
  private static final String[] THREAD = {
    "thread_name", "threadName", "process.thread.name", "thread"
  };
  private static final String[] LOGGER = {"logger_name", "loggerName", "log.logger", "logger"};
  private static final String[] MESSAGE = {"message", "msg"};
  private static final String[] ERROR = {"stack_trace", "exception", "error.stack_trace", "error"};

  /** Checks the components. */
  public LogLine {
    context = Map.copyOf(context);
  }

  /**
   * Reads a parsed JSON object.
   *
   * @param json the line's object
   * @param inputService the service name to use when the line names none
   * @param input where the line came from, for messages
   * @param sequence the line's reading position
   */
  public static LogLine of(
      Map<String, Object> json, String inputService, String input, long sequence) {
    Map<?, ?> mdc = json.get("mdc") instanceof Map<?, ?> map ? map : Map.of();
    String service = first(json, mdc, SERVICE);
    String rawTime = first(json, mdc, TIME);
    java.util.LinkedHashMap<String, String> context = new java.util.LinkedHashMap<>();
    for (String field : CONTEXT_FIELDS) {
      String value = first(json, mdc, field);
      if (value != null) {
        context.put(field, value);
      }
    }
    String traceId = first(json, mdc, "trace_id");
    if (traceId == null) {
      // Micrometer Tracing's MDC key, for services that log it instead.
      traceId = first(json, mdc, "traceId");
    }
    String error = first(json, mdc, ERROR);
    if (error != null) {
      int newline = error.indexOf('\n');
      error = newline < 0 ? error : error.substring(0, newline);
    }
    return new LogLine(
        service == null ? inputService : service,
        input,
        sequence,
        rawTime == null ? null : instant(rawTime),
        rawTime == null ? "" : rawTime,
        orEmpty(first(json, mdc, LEVEL)),
        orEmpty(first(json, mdc, THREAD)),
        orEmpty(first(json, mdc, LOGGER)),
        orEmpty(first(json, mdc, MESSAGE)),
        traceId,
        first(json, mdc, "request_id"),
        first(json, mdc, "parent_id"),
        context,
        first(json, mdc, "trace.effects"),
        error);
  }

  /** The logger's simple name: {@code OrderService} for {@code com.example.orders.OrderService}. */
  public String shortLogger() {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }

  /**
   * The timestamp as written: ISO-8601 with an offset or {@code Z} (logstash, ECS, Quarkus), or
   * without one (read as UTC); {@code null} when unreadable.
   */
  static @Nullable Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable String first(Map<String, Object> json, Map<?, ?> mdc, String... keys) {
    for (String key : keys) {
      String value = scalar(lookup(json, key));
      if (value == null) {
        value = scalar(mdc.get(key));
      }
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  /** {@code key} itself, or a dotted path into nested objects ({@code log.level}). */
  private static @Nullable Object lookup(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value != null || key.indexOf('.') < 0) {
      return value;
    }
    Object current = json;
    for (String part : key.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  private static @Nullable String scalar(@Nullable Object value) {
    if (value == null || value == Json.NULL) {
      return null;
    }
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof java.math.BigDecimal number) {
      return number.toPlainString();
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder text = new StringBuilder();
      for (Object item : list) {
        String part = scalar(item);
        if (part != null) {
          text.append(text.length() == 0 ? "" : ", ").append(part);
        }
      }
      return text.toString();
    }
    if (value instanceof Map<?, ?> map) {
      // An exception object (Quarkus): its type and message.
      Object type = map.get("exceptionType");
      Object message = map.get("message");
      if (type != null) {
        return scalar(type) + (message == null ? "" : ": " + scalar(message));
      }
    }
    return null;
  }

  private static String orEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }
}
