package io.contextkit.quarkus.test.trace;

import io.contextkit.quarkus.runtime.internal.LogRecordContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures the formatted messages of the {@code io.contextkit.trace} logger and the request id each
 * carried, as ContextKit's log filter (which Quarkus' own handlers get at startup) sets it.
 */
public final class TraceLog extends Handler {

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final List<String> requestIds = new CopyOnWriteArrayList<>();

  public static TraceLog install() {
    Logger logger = Logger.getLogger("io.contextkit.trace");
    for (Handler h : logger.getHandlers()) {
      if (h instanceof TraceLog) {
        logger.removeHandler(h);
      }
    }
    TraceLog log = new TraceLog();
    logger.addHandler(log);
    // Handlers attached after startup do not have ContextKit's log filter yet; this one gets it.
    LogRecordContext.install();
    return log;
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }

  /** The {@code request_id} field of each captured line ({@code "-"} when it had none). */
  public List<String> requestIds() {
    return List.copyOf(requestIds);
  }

  @Override
  public void publish(LogRecord record) {
    if (getFilter() != null) {
      getFilter().isLoggable(record);
    }
    String requestId = record instanceof ExtLogRecord ext ? ext.getMdc("request_id") : null;
    requestIds.add(requestId == null ? "-" : requestId);
    messages.add(
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
