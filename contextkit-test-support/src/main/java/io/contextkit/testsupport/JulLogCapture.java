package io.contextkit.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jspecify.annotations.Nullable;

/**
 * Captures {@code java.util.logging} records, and so the JBoss LogManager's (Quarkus): a handler
 * added to a logger, after the handlers the application configured, so it sees each record as they
 * format it (with the MDC ContextKit put on it). The MDC is read from JBoss LogManager records; a
 * plain JUL record has none.
 */
public final class JulLogCapture extends Handler implements LogLines, AutoCloseable {

  private static final boolean JBOSS = present("org.jboss.logmanager.ExtLogRecord");

  private static final Formatter MESSAGES =
      new Formatter() {
        @Override
        public String format(LogRecord record) {
          return formatMessage(record);
        }
      };

  private final Logger logger;
  private final String category;
  private final @Nullable Supplier<?> probe;
  private final List<LogLine> lines = new CopyOnWriteArrayList<>();

  private JulLogCapture(Logger logger, String category, @Nullable Supplier<?> probe) {
    this.logger = logger;
    this.category = category;
    this.probe = probe;
  }

  /**
   * Captures the records of {@code category} (and its children) through a handler on the root
   * logger. A capture installed earlier on the root logger in this class loader is removed.
   */
  public static JulLogCapture onRoot(String category) {
    return install("", category, null);
  }

  /**
   * Like {@link #onRoot(String)}; {@code probe} runs on the logging thread for each captured record
   * and its result is kept as {@link LogLine#probe()} (for example the current Vert.x context).
   */
  public static JulLogCapture onRoot(String category, Supplier<?> probe) {
    return install("", category, probe);
  }

  /** Captures every record that reaches the logger {@code name}, through a handler on it. */
  public static JulLogCapture onLogger(String name) {
    return install(name, "", null);
  }

  private static JulLogCapture install(
      String loggerName, String category, @Nullable Supplier<?> probe) {
    Logger logger = Logger.getLogger(loggerName);
    for (Handler handler : logger.getHandlers()) {
      if (handler instanceof JulLogCapture) {
        logger.removeHandler(handler);
      }
    }
    JulLogCapture capture = new JulLogCapture(logger, category, probe);
    logger.addHandler(capture);
    return capture;
  }

  @Override
  public List<LogLine> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void clear() {
    lines.clear();
  }

  @Override
  public void publish(LogRecord record) {
    // As every handler does: a filter set on it (ContextKit's log filter, say) sees the record
    // first and may drop or enrich it.
    if (!isLoggable(record)) {
      return;
    }
    String name = record.getLoggerName() == null ? "" : record.getLoggerName();
    if (!category.isEmpty()
        && !(name.equals(category)
            || (name.startsWith(category) && name.charAt(category.length()) == '.'))) {
      return;
    }
    String message = record.getMessage() == null ? "" : record.getMessage();
    String formatted;
    Map<String, String> mdc;
    if (JBOSS && record instanceof ExtLogRecord ext) {
      formatted = ext.getFormattedMessage();
      mdc = ext.getMdcCopy();
    } else {
      formatted = MESSAGES.format(record);
      mdc = Map.of();
    }
    lines.add(
        new LogLine(
            name,
            record.getLevel().getName(),
            message,
            formatted == null ? message : formatted,
            Thread.currentThread().getName(),
            withoutNulls(mdc),
            Map.of(),
            probe == null ? "" : String.valueOf(probe.get()),
            record.getThrown()));
  }

  @Override
  public void flush() {}

  /** Removes the handler from its logger. */
  @Override
  public void close() {
    logger.removeHandler(this);
  }

  private static Map<String, String> withoutNulls(Map<String, String> mdc) {
    Map<String, String> copy = new java.util.HashMap<>();
    mdc.forEach(
        (key, value) -> {
          if (key != null && value != null) {
            copy.put(key, value);
          }
        });
    return copy;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, JulLogCapture.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
