package io.contextkit.quarkus.test.trace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Captures the formatted messages of the {@code io.contextkit.trace} logger. */
public final class TraceLog extends Handler {

  private final List<String> messages = new CopyOnWriteArrayList<>();

  public static TraceLog install() {
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

  public List<String> messages() {
    return List.copyOf(messages);
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
