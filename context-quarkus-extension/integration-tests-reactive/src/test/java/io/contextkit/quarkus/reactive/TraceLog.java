package io.contextkit.quarkus.reactive;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Captures the formatted messages of the {@code io.contextkit.trace} logger (the TRACE report). */
final class TraceLog extends Handler {

  private final List<String> messages = new CopyOnWriteArrayList<>();

  static TraceLog install() {
    Logger logger = Logger.getLogger("io.contextkit.trace");
    for (Handler h : logger.getHandlers()) {
      if (h instanceof TraceLog) {
        logger.removeHandler(h);
      }
    }
    TraceLog log = new TraceLog();
    logger.addHandler(log);
    return log;
  }

  /** The report of the request with this {@code X-Request-Id}. */
  String reportOf(String requestId) {
    for (String message : messages) {
      if (message.startsWith("TRACE request " + requestId + ":")) {
        return message;
      }
    }
    throw new AssertionError("no TRACE report for " + requestId + " in " + messages);
  }

  @Override
  public void publish(LogRecord record) {
    messages.add(
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
