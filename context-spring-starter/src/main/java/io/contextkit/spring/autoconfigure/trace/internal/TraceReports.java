package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceReport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Publishes the complete report of a finished TRACE request: one structured INFO event on the
 * logger {@value #LOGGER} (the report's attributes as key-value pairs) and, when a span is
 * recording, the same attributes on it.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceReports {

  /** The logger of the report event. */
  public static final String LOGGER = "io.contextkit.trace";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private TraceReports() {}

  /** Logs {@code report} once and puts it on the current span if one is recording. */
  public static void publish(RequestContext context, TraceReport report) {
    Map<String, Object> attributes = report.attributes();
    if (LOG.isInfoEnabled()) {
      LoggingEventBuilder event = LOG.atInfo();
      for (Map.Entry<String, Object> e : attributes.entrySet()) {
        event = event.addKeyValue(e.getKey(), e.getValue());
      }
      event.log("TRACE request {}: {}", context.requestId(), report.headerValue());
    }
    Span span = Span.current();
    if (span.isRecording()) {
      for (Map.Entry<String, Object> e : attributes.entrySet()) {
        Object value = e.getValue();
        if (value instanceof Long n) {
          span.setAttribute(e.getKey(), n);
        } else if (value instanceof List<?> list) {
          @SuppressWarnings("unchecked")
          List<String> lines = (List<String>) list;
          span.setAttribute(AttributeKey.stringArrayKey(e.getKey()), lines);
        } else {
          span.setAttribute(e.getKey(), String.valueOf(value));
        }
      }
    }
  }
}
