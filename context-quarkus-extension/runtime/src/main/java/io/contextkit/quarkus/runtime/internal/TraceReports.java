package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.noop.TraceReport;
import io.contextkit.noop.internal.TraceSpanAttributes;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes the complete report of a finished TRACE request: one INFO event on the logger {@value
 * #LOGGER} — the summary in the message, every attribute of {@link TraceReport#attributes()} as a
 * parameter and in the message — and, when a span is recording, the same attributes on it.
 */
public final class TraceReports {

  /** The logger of the report event, the same name as on Spring. */
  public static final String LOGGER = "io.contextkit.trace";

  private static final Logger LOG = Logger.getLogger(LOGGER);

  private TraceReports() {}

  /**
   * Logs {@code report} once, in {@code context} so that the line carries the request's fields, and
   * puts it on the current span if one is recording.
   */
  @SuppressWarnings("try") // the scope is held for the log line's fields
  public static void publish(RequestContext context, TraceReport report) {
    Map<String, Object> attributes = report.attributes();
    if (LOG.isInfoEnabled()) {
      if (RequestContext.current() == context) {
        log(context, report, attributes);
      } else {
        // The report is written when the response's headers are, on the event loop, where the
        // request's scope is not open: without it the line had no request_id or trace_id field.
        try (ContextScope scope = context.makeCurrent()) {
          log(context, report, attributes);
        }
      }
    }
    TraceSpanAttributes.put(Span.current(), attributes);
  }

  private static void log(
      RequestContext context, TraceReport report, Map<String, Object> attributes) {
    LOG.infov("TRACE request {0}: {1} {2}", context.requestId(), report.headerValue(), attributes);
  }
}
