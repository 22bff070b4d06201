package io.contextkit.sample.inventory;

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
 * Captures the application's own log records with ContextKit's MDC keys as the console handler
 * formats them into the JSON line's {@code mdc} object. Added to the root logger after the handlers
 * Quarkus configured, so it sees each record after ContextKit has set the record's context.
 */
final class LogCapture extends Handler {

  private static final String CATEGORY = "io.contextkit.sample.inventory";
  private static final String[] KEYS = {"trace_id", "request_id", "user_id", "request_type"};

  /** One record: its formatted message and the ContextKit keys it carried. */
  record Line(String message, Map<String, String> mdc) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();

  static LogCapture install() {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      if (handler instanceof LogCapture) {
        root.removeHandler(handler);
      }
    }
    LogCapture capture = new LogCapture();
    root.addHandler(capture);
    return capture;
  }

  /** The captured lines whose message contains {@code text}. */
  List<Line> containing(String text) {
    List<Line> matching = new ArrayList<>();
    for (Line line : lines) {
      if (line.message().contains(text)) {
        matching.add(line);
      }
    }
    return matching;
  }

  @Override
  public void publish(LogRecord record) {
    String logger = record.getLoggerName();
    if (logger == null || !logger.startsWith(CATEGORY) || !(record instanceof ExtLogRecord)) {
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
    lines.add(new Line(ext.getFormattedMessage(), mdc));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
