package io.contextkit.quarkus.test;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures the log records of the test category with the MDC they were written with. Attached to
 * the root logger after the handlers Quarkus configured, it sees each record as they format it.
 */
public final class Logs extends Handler {

  public static final String CATEGORY = "contextkit.test";

  private static final String[] KEYS = {
    "trace_id",
    "parent_id",
    "request_id",
    "user_id",
    "account_id",
    "request_type",
    "tester",
    "license"
  };

  /** One captured record: its message, thread and the MDC keys above that were set. */
  public record Captured(String message, String thread, Map<String, String> mdc, String vertx) {}

  private final List<Captured> records = new CopyOnWriteArrayList<>();

  public static Logs install() {
    Logs logs = new Logs();
    Logger logger = Logger.getLogger("");
    for (Handler h : logger.getHandlers()) {
      if (h instanceof Logs) {
        logger.removeHandler(h);
      }
    }
    logger.addHandler(logs);
    return logs;
  }

  public List<Captured> records() {
    return List.copyOf(records);
  }

  /** The records whose message is {@code message}. */
  public List<Captured> withMessage(String message) {
    List<Captured> matching = new java.util.ArrayList<>();
    for (Captured record : records) {
      if (record.message().equals(message)) {
        matching.add(record);
      }
    }
    return matching;
  }

  @Override
  public void publish(LogRecord record) {
    if (!CATEGORY.equals(record.getLoggerName())) {
      return;
    }
    Map<String, String> mdc = new TreeMap<>();
    if (record instanceof ExtLogRecord) {
      ExtLogRecord ext = (ExtLogRecord) record;
      for (String key : KEYS) {
        String value = ext.getMdc(key);
        if (value != null) {
          mdc.put(key, value);
        }
      }
    }
    records.add(
        new Captured(
            record.getMessage(),
            Thread.currentThread().getName(),
            mdc,
            String.valueOf(Vertx.currentContext())));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
