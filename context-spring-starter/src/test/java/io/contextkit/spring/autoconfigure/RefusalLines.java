package io.contextkit.spring.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contextkit.internal.RefusalLog;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures the lines of the refusal logger ({@link RefusalLog#LOGGER}), for the refusal tests. */
public final class RefusalLines {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private RefusalLines() {}

  /** Starts capturing. */
  public static RefusalLines attach() {
    RefusalLines lines = new RefusalLines();
    lines.appender.start();
    logger().addAppender(lines.appender);
    return lines;
  }

  /** Stops capturing. */
  public void detach() {
    logger().detachAppender(appender);
  }

  /** The WARN lines captured so far, as formatted. */
  public List<String> warnings() {
    List<String> lines = new ArrayList<>();
    synchronized (appender) {
      for (ILoggingEvent event : appender.list) {
        if (event.getLevel() == Level.WARN) {
          lines.add(event.getFormattedMessage());
        }
      }
    }
    return lines;
  }

  /** Every line captured so far, whatever its level. */
  public int size() {
    synchronized (appender) {
      return appender.list.size();
    }
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(RefusalLog.LOGGER);
  }
}
