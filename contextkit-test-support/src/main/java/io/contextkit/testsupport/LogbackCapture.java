package io.contextkit.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures Logback events: an appender attached to one logger (the root logger for everything) from
 * {@link #attach} to {@link #close}. Each event is prepared for deferred processing as it is
 * appended, so its message, MDC and thread are fixed then, whatever thread logged it.
 */
public final class LogbackCapture implements LogLines, AutoCloseable {

  private final Logger logger;
  private final Appender appender = new Appender();

  private LogbackCapture(Logger logger) {
    this.logger = logger;
  }

  /** Captures every event that reaches the root logger. */
  public static LogbackCapture attachToRoot() {
    return attach(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** Captures every event that reaches logger {@code name}. */
  public static LogbackCapture attach(String name) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogbackCapture capture = new LogbackCapture(context.getLogger(name));
    capture.appender.setContext(context);
    capture.appender.setName("contextkit-test-capture");
    capture.appender.start();
    capture.logger.addAppender(capture.appender);
    return capture;
  }

  /** A snapshot of the captured events, in order (server threads may still be appending). */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return new ArrayList<>(appender.events);
    }
  }

  /**
   * The captured events whose formatted message is exactly {@code message} and whose MDC maps
   * {@code key} to {@code value}.
   */
  public List<ILoggingEvent> eventsWith(String message, String key, String value) {
    List<ILoggingEvent> matching = new ArrayList<>();
    for (ILoggingEvent event : events()) {
      if (message.equals(event.getFormattedMessage())
          && value.equals(event.getMDCPropertyMap().get(key))) {
        matching.add(event);
      }
    }
    return matching;
  }

  @Override
  public List<LogLine> lines() {
    List<LogLine> lines = new ArrayList<>();
    for (ILoggingEvent event : events()) {
      lines.add(line(event));
    }
    return lines;
  }

  @Override
  public void clear() {
    synchronized (appender) {
      appender.events.clear();
    }
  }

  /** Detaches the appender. */
  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }

  private static LogLine line(ILoggingEvent event) {
    Map<String, Object> pairs = new LinkedHashMap<>();
    List<KeyValuePair> kv = event.getKeyValuePairs();
    if (kv != null) {
      for (KeyValuePair pair : kv) {
        pairs.put(pair.key, pair.value);
      }
    }
    Map<String, String> mdc = new java.util.HashMap<>();
    event
        .getMDCPropertyMap()
        .forEach(
            (k, v) -> {
              if (k != null && v != null) {
                mdc.put(k, v);
              }
            });
    @Nullable Throwable thrown =
        event.getThrowableProxy() instanceof ch.qos.logback.classic.spi.ThrowableProxy proxy
            ? proxy.getThrowable()
            : null;
    String message = event.getMessage() == null ? "" : event.getMessage();
    String formatted = event.getFormattedMessage() == null ? message : event.getFormattedMessage();
    return new LogLine(
        event.getLoggerName(),
        event.getLevel().toString(),
        message,
        formatted,
        event.getThreadName(),
        mdc,
        pairs,
        "",
        thrown);
  }

  private static final class Appender extends AppenderBase<ILoggingEvent> {

    private final List<ILoggingEvent> events = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      // AppenderBase.doAppend holds this appender's lock.
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  }
}
