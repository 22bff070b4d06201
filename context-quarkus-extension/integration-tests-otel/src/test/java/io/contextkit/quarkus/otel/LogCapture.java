package io.contextkit.quarkus.otel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures the records of {@link RelayResource}'s category with the MDC they are written with,
 * attached to the root logger after the handlers Quarkus configured.
 */
final class LogCapture extends Handler {

  /** One captured record: its message and the MDC trace ids (ContextKit's and the tracer's). */
  record Captured(String message, Map<String, String> mdc) {}

  private static final String[] KEYS = {"trace_id", "parent_id", "traceId", "spanId"};

  private final List<Captured> records = new CopyOnWriteArrayList<>();

  static LogCapture install() {
    LogCapture capture = new LogCapture();
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      if (handler instanceof LogCapture) {
        root.removeHandler(handler);
      }
    }
    root.addHandler(capture);
    return capture;
  }

  /** The records whose message is {@code message}. */
  List<Captured> withMessage(String message) {
    List<Captured> matching = new ArrayList<>();
    for (Captured record : records) {
      if (record.message().equals(message)) {
        matching.add(record);
      }
    }
    return matching;
  }

  @Override
  public void publish(LogRecord record) {
    if (!RelayResource.LOG_CATEGORY.equals(record.getLoggerName())
        || !(record instanceof ExtLogRecord)) {
      return;
    }
    ExtLogRecord ext = (ExtLogRecord) record;
    Map<String, String> mdc = new TreeMap<>();
    for (String key : KEYS) {
      String value = ext.getMdc(key);
      if (value != null) {
        mdc.put(key, value);
      }
    }
    records.add(new Captured(ext.getMessage(), mdc));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
