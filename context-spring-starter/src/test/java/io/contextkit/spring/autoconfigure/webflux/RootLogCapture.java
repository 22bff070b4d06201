package io.contextkit.spring.autoconfigure.webflux;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every event logged through the root logger, from {@link #attach} to {@link #detach}. */
final class RootLogCapture {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private RootLogCapture() {}

  static RootLogCapture attach(String name) {
    RootLogCapture capture = new RootLogCapture();
    capture.appender.setName(name);
    capture.appender.start();
    root().addAppender(capture.appender);
    return capture;
  }

  void detach() {
    root().detachAppender(appender);
  }

  /**
   * A snapshot of the captured events: server threads may still be appending (the appender's
   * doAppend is synchronized on it), and iterating the live list would race with them.
   */
  List<ILoggingEvent> events() {
    synchronized (appender) {
      return new ArrayList<>(appender.list);
    }
  }

  /** The events with exactly {@code message} whose MDC {@code request_id} is {@code requestId}. */
  List<ILoggingEvent> linesOf(String message, String requestId) {
    List<ILoggingEvent> found = new ArrayList<>();
    for (ILoggingEvent e : events()) {
      if (message.equals(e.getFormattedMessage())
          && requestId.equals(e.getMDCPropertyMap().get("request_id"))) {
        found.add(e);
      }
    }
    return found;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
