package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.noop.TraceReport;
import io.contextkit.noop.internal.TraceSpanAttributes;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the complete report of a finished TRACE request: one event on the logger {@value
 * #LOGGER} — the summary in the message, every attribute of {@link TraceReport#attributes()} as a
 * parameter and in the message — and, when a span is recording, the same attributes on it. The
 * event is INFO when the request suppressed, captured or refused anything, hit a backstop or ended
 * {@code committed=unknown}, and DEBUG, with the same content, when it recorded nothing at all
 * ({@link TraceReport#recordedNothing()}): a TRACE request to an endpoint with nothing to suppress
 * then writes the same log lines as its STANDARD twin. The consumer of a TRACE message publishes
 * the same report, with where the message came from, when its unit of work ends ({@link
 * #publishConsumed}), always at INFO, as on Spring.
 */
public final class TraceReports {

  /** The logger of the report event, the same name as on Spring. */
  public static final String LOGGER = "io.contextkit.trace";

  private static final Logger LOG = Logger.getLogger(LOGGER);

  private TraceReports() {}

  /**
   * Logs {@code report} once, in {@code context} so that the line carries the request's fields, at
   * INFO, or at DEBUG when the request recorded nothing, and puts it on the current span if one is
   * recording.
   */
  @SuppressWarnings("try") // the scope is held for the log line's fields
  public static void publish(RequestContext context, TraceReport report) {
    Logger.Level level = report.recordedNothing() ? Logger.Level.DEBUG : Logger.Level.INFO;
    if (LOG.isEnabled(level)) {
      if (RequestContext.current() == context) {
        log(level, context, report);
      } else {
        // The report is written when the response's headers are, on the event loop, where the
        // request's scope is not open: without it the line had no request_id or trace_id field.
        try (ContextScope scope = context.makeCurrent()) {
          log(level, context, report);
        }
      }
    }
    Span span = Span.current();
    if (span.isRecording()) {
      TraceSpanAttributes.put(span, report.attributes());
    }
  }

  /**
   * Ends the unit of work of one consumed message: when {@code context} is TRACE, logs its complete
   * report once at INFO — the attributes of {@link #publish} plus where the message came from
   * ({@link TraceReport#consumedAttributes}) — in {@code context}, so the line carries the
   * message's fields, and puts them on the current span if one is recording. Does nothing for any
   * other context. Never throws: a report must not turn a processed message into a failed one.
   *
   * @param context the context the message ran in
   * @param system {@code kafka}, {@code jms} or {@code amqp}
   * @param destination the topic, queue or address
   * @param listener the incoming channel, or {@code null}
   */
  @SuppressWarnings("try") // the scope is held for the log line's fields
  public static void publishConsumed(
      RequestContext context, String system, String destination, @Nullable String listener) {
    if (!context.isTrace()) {
      return;
    }
    try {
      TraceReport report = TraceReport.from(context.sideEffects().report());
      Map<String, Object> attributes = report.consumedAttributes(system, destination, listener);
      if (LOG.isInfoEnabled()) {
        if (RequestContext.current() == context) {
          logConsumed(context, system, destination, report, attributes);
        } else {
          // A Uni's termination runs outside the message's scope.
          try (ContextScope scope = context.makeCurrent()) {
            logConsumed(context, system, destination, report, attributes);
          }
        }
      }
      TraceSpanAttributes.put(Span.current(), attributes);
    } catch (RuntimeException e) {
      LOG.warnf(
          e, "Could not publish the TRACE report of a %s message from '%s'", system, destination);
    }
  }

  private static void logConsumed(
      RequestContext context,
      String system,
      String destination,
      TraceReport report,
      Map<String, Object> attributes) {
    LOG.infof(
        "TRACE message %s from %s '%s': %s %s",
        context.requestId(), system, destination, report.headerValue(), attributes);
  }

  private static void log(Logger.Level level, RequestContext context, TraceReport report) {
    LOG.logv(
        level,
        "TRACE request {0}: {1} {2}",
        context.requestId(),
        report.headerValue(),
        report.attributes());
  }
}
