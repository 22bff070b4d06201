package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceReport;
import io.contextkit.noop.internal.TraceSpanAttributes;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Publishes the complete report of a finished TRACE request: one structured event on the logger
 * {@value #LOGGER} (the report's attributes as key-value pairs) and, when a span is recording, the
 * same attributes on it. The event is INFO when the request suppressed, captured or refused
 * anything, hit a backstop or ended {@code committed=unknown}, and DEBUG, with the same content,
 * when it recorded nothing at all ({@link TraceReport#recordedNothing()}): a TRACE request to an
 * endpoint with nothing to suppress then writes the same log lines as its STANDARD twin. The
 * consumer of a TRACE message publishes the same report, with where the message came from, when its
 * unit of work ends ({@link #publishConsumed}), always at INFO.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceReports {

  /** The logger of the report event. */
  public static final String LOGGER = "io.contextkit.trace";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private TraceReports() {}

  /** The attribute naming the messaging system of a consumed TRACE message. */
  public static final String CONSUMER_SYSTEM = TraceReport.CONSUMER_SYSTEM;

  /** The attribute naming the topic or queue a TRACE message was consumed from. */
  public static final String CONSUMER_DESTINATION = TraceReport.CONSUMER_DESTINATION;

  /** The attribute naming the listener (or Kafka consumer group) that consumed it, when known. */
  public static final String CONSUMER_LISTENER = TraceReport.CONSUMER_LISTENER;

  /**
   * Logs {@code report} once, at INFO, or at DEBUG when the request recorded nothing, and puts it
   * on the current span if one is recording.
   */
  public static void publish(RequestContext context, TraceReport report) {
    Level level = report.recordedNothing() ? Level.DEBUG : Level.INFO;
    if (LOG.isEnabledForLevel(level)) {
      LoggingEventBuilder event = LOG.atLevel(level);
      for (Map.Entry<String, Object> e : report.attributes().entrySet()) {
        event = event.addKeyValue(e.getKey(), e.getValue());
      }
      event.log("TRACE request {}: {}", context.requestId(), report.headerValue());
    }
    Span span = Span.current();
    if (span.isRecording()) {
      TraceSpanAttributes.put(span, report.attributes());
    }
  }

  /**
   * Ends the unit of work of one consumed message: when {@code context} is TRACE, logs its complete
   * report once — the attributes of {@link #publish} plus {@value #CONSUMER_SYSTEM}, {@value
   * #CONSUMER_DESTINATION} and, when known, {@value #CONSUMER_LISTENER} — and puts them on the
   * current span if one is recording. Does nothing for any other context. Call it once per message
   * (per record of a batch), after the listener's transactions ended and while the message's
   * context is still current, so that the event carries its MDC fields. Never throws.
   *
   * @param context the context the message ran in
   * @param system {@code kafka}, {@code jms} or {@code rabbitmq}
   * @param destination the topic or queue, {@code unknown} when the broker did not say
   * @param listener the listener id (Kafka: the consumer group), or {@code null}
   */
  public static void publishConsumed(
      RequestContext context, String system, String destination, @Nullable String listener) {
    if (!context.isTrace()) {
      return;
    }
    try {
      TraceReport report = TraceReport.from(context.sideEffects().report());
      Map<String, Object> attributes = report.consumedAttributes(system, destination, listener);
      if (LOG.isInfoEnabled()) {
        LoggingEventBuilder event = LOG.atInfo();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
          event = event.addKeyValue(e.getKey(), e.getValue());
        }
        event.log(
            "TRACE message {} from {} '{}': {}",
            context.requestId(),
            system,
            destination,
            report.headerValue());
      }
      TraceSpanAttributes.put(Span.current(), attributes);
    } catch (RuntimeException e) {
      // The report must never turn a processed message into a failed (redelivered) one.
      LOG.warn(
          "Could not publish the TRACE report of a {} message from '{}'", system, destination, e);
    }
  }
}
