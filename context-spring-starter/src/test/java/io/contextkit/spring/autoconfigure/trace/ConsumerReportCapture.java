package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures the {@code io.contextkit.trace} report events that consumers write, from any thread,
 * while open; each with its key-value pairs and the MDC it was logged with.
 */
final class ConsumerReportCapture implements AutoCloseable {

  /** One report event. */
  record Event(String message, Map<String, Object> attributes, Map<String, String> mdc) {

    @SuppressWarnings("unchecked")
    List<String> effects() {
      return (List<String>) attributes.get("trace.effects");
    }
  }

  private final Logger logger = (Logger) LoggerFactory.getLogger(TraceReports.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  ConsumerReportCapture() {
    appender.start();
    logger.addAppender(appender);
  }

  /**
   * The events of messages consumed from {@code destination}, once there are at least {@code
   * expected} (fails after 30 seconds), after a settle time in which any further one would show.
   */
  List<Event> await(String destination, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (from(destination).size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    List<Event> events = from(destination);
    Assertions.assertThat(events).as("report events from " + destination).hasSize(expected);
    return events;
  }

  /** The events captured so far of messages consumed from {@code destination}. */
  List<Event> from(String destination) {
    List<ILoggingEvent> logged;
    // The appender appends under its own lock, on the consumer threads.
    synchronized (appender) {
      logged = new ArrayList<>(appender.list);
    }
    List<Event> events = new ArrayList<>();
    for (ILoggingEvent event : logged) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs != null) {
        for (KeyValuePair pair : pairs) {
          attributes.put(pair.key, pair.value);
        }
      }
      if (destination.equals(attributes.get(TraceReports.CONSUMER_DESTINATION))) {
        events.add(
            new Event(
                event.getFormattedMessage(), attributes, Map.copyOf(event.getMDCPropertyMap())));
      }
    }
    return events;
  }

  /** Asserts the report of a consumer that rolled back one transaction and captured one send. */
  static void assertRolledBackAndCaptured(
      Event event, String system, String destination, String requestId, String captured) {
    assertThat(event.attributes())
        .containsEntry("trace.committed", "false")
        .containsEntry("trace.transactions", 1L)
        .containsEntry("trace.messages", 1L)
        .containsEntry("trace.violations", 0L)
        .containsEntry(TraceReports.CONSUMER_SYSTEM, system)
        .containsEntry(TraceReports.CONSUMER_DESTINATION, destination);
    assertThat(event.effects())
        .contains("MESSAGE " + captured + ": captured, not published")
        .anySatisfy(line -> assertThat(line).startsWith("TRANSACTION "));
    assertThat(event.message()).contains(requestId).contains(destination);
    // Logged inside the message's scope: the MDC projection of its context is on the event.
    assertThat(event.mdc()).containsEntry("request_id", requestId);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
