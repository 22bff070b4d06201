package io.contextkit.quarkus.test;

import io.contextkit.internal.RefusalLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Captures the records of the refusal logger ({@link RefusalLog#LOGGER}) with their level. */
public final class RefusalLines extends Handler {

  private record Line(Level level, String message) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();

  /** Starts capturing, replacing an earlier capture. */
  public static RefusalLines install() {
    Logger logger = Logger.getLogger(RefusalLog.LOGGER);
    for (Handler h : logger.getHandlers()) {
      if (h instanceof RefusalLines) {
        logger.removeHandler(h);
      }
    }
    RefusalLines capture = new RefusalLines();
    logger.addHandler(capture);
    return capture;
  }

  /** The WARN lines captured so far. */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (Line line : lines) {
      if (line.level().intValue() == Level.WARNING.intValue()
          || line.level().getName().equals("WARN")) {
        warnings.add(line.message());
      }
    }
    return warnings;
  }

  /** How many lines were captured, whatever their level. */
  public int size() {
    return lines.size();
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(
        new Line(
            record.getLevel(),
            record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage()));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
