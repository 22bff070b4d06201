package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextField;
import io.contextkit.internal.MdcProjection;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.JsonFormatter;

/**
 * Writes ContextKit's fields as top-level keys of each JSON line, as on Spring ({@code
 * {"request_id":"…","trace_id":"…",…,"message":"…"}}), where a JSON formatter (the one {@code
 * quarkus-logging-json} installs, or any other JBoss Log Manager {@link JsonFormatter}) would nest
 * them under {@code "mdc"}. The other MDC keys stay under {@code "mdc"}.
 *
 * <p>The wrapped formatter formats a copy of the record without ContextKit's keys, so every option
 * the application configured (key overrides, excluded keys, additional fields, ECS or GCP layout,
 * date format, pretty printing) still applies; the context fields, JSON-escaped, are then written
 * first in the object. A line of a record without context is the wrapped formatter's own.
 *
 * <p>Installed on the handlers Quarkus configured, after {@link LogRecordContext}; handlers added
 * later are not covered.
 */
public final class FlatContextJsonFormatter extends ExtFormatter {

  private static final List<String> KEYS;

  static {
    List<String> keys = new ArrayList<>();
    for (ContextField field : ContextField.values()) {
      keys.add(field.key());
    }
    keys.add(MdcProjection.FLAGS_KEY);
    KEYS = List.copyOf(keys);
  }

  private final ExtFormatter delegate;

  private FlatContextJsonFormatter(ExtFormatter delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps the JSON formatter of every handler Quarkus configured (nested handlers included), once
   * per handler.
   *
   * @return how many formatters were wrapped
   */
  public static int install() {
    LogContext logContext = LogContext.getLogContext();
    int installed = installOn(logContext.getLogger("").getHandlers());
    Enumeration<String> names = logContext.getLoggerNames();
    while (names.hasMoreElements()) {
      Logger logger = logContext.getLoggerIfExists(names.nextElement());
      if (logger != null && !logger.getName().isEmpty()) {
        installed += installOn(logger.getHandlers());
      }
    }
    return installed;
  }

  private static int installOn(Handler[] handlers) {
    int installed = 0;
    for (Handler handler : handlers) {
      Formatter formatter = handler.getFormatter();
      if (formatter instanceof JsonFormatter json) {
        handler.setFormatter(new FlatContextJsonFormatter(json));
        installed++;
      }
      if (handler instanceof ExtHandler parent) {
        installed += installOn(parent.getHandlers());
      }
    }
    return installed;
  }

  @Override
  public String format(ExtLogRecord record) {
    StringBuilder fields = null;
    Map<String, String> others = null;
    for (String key : KEYS) {
      String value = record.getMdc(key);
      if (value == null) {
        continue;
      }
      if (fields == null) {
        fields = new StringBuilder(256);
        others = record.getMdcCopy();
      }
      fields.append('"').append(key).append("\":");
      quote(value, fields);
      fields.append(',');
      others.remove(key);
    }
    if (fields == null) {
      return delegate.format(record);
    }
    // A copy: the same record may reach another handler (a file next to the console).
    ExtLogRecord copy = new ExtLogRecord(record);
    copy.setMdc(others);
    String json = delegate.format(copy);
    int open = json.indexOf('{');
    if (open < 0) {
      return json;
    }
    int next = open + 1;
    while (next < json.length() && Character.isWhitespace(json.charAt(next))) {
      next++;
    }
    if (next < json.length() && json.charAt(next) == '}') {
      fields.setLength(fields.length() - 1); // an empty object: no member follows ours
    }
    return json.substring(0, open + 1) + fields + json.substring(open + 1);
  }

  @Override
  public boolean isCallerCalculationRequired() {
    return delegate.isCallerCalculationRequired();
  }

  @Override
  public String getHead(Handler handler) {
    return delegate.getHead(handler);
  }

  @Override
  public String getTail(Handler handler) {
    return delegate.getTail(handler);
  }

  /** Appends {@code value} as a JSON string (RFC 8259 escapes; context values are validated). */
  static void quote(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
