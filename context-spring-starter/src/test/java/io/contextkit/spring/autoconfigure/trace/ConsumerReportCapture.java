package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.contextkit.testsupport.LogLine;
import io.contextkit.testsupport.LogbackCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;

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

  private final LogbackCapture capture = LogbackCapture.attach(TraceReports.LOGGER);

  /**
   * The events of messages consumed from {@code destination}, once there are at least {@code
   * expected} (fails after 30 seconds), after a settle time in which any further one would show.
   */
  List<Event> await(String destination, int expected) throws InterruptedException {
    capture.await(line -> isFrom(line, destination), expected, Duration.ofSeconds(30));
    Thread.sleep(300);
    List<Event> events = from(destination);
    Assertions.assertThat(events).as("report events from " + destination).hasSize(expected);
    return events;
  }

  /** The events captured so far of messages consumed from {@code destination}. */
  List<Event> from(String destination) {
    List<Event> events = new ArrayList<>();
    for (LogLine line : capture.matching(line -> isFrom(line, destination))) {
      events.add(new Event(line.formatted(), line.keyValues(), line.mdc()));
    }
    return events;
  }

  private static boolean isFrom(LogLine line, String destination) {
    return destination.equals(line.keyValues().get(TraceReports.CONSUMER_DESTINATION));
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
    capture.close();
  }
}
