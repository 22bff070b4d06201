package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextField;
import io.contextkit.RequestContext;
import io.contextkit.internal.MdcProjection;
import java.util.Enumeration;
import java.util.Objects;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Makes every log record carry the context of the thread that logs it, whatever Quarkus' MDC map
 * holds.
 *
 * <p>Quarkus' MDC ({@code VertxMDC}) is one map per request, kept in the request's Vert.x
 * duplicated context and shared by every thread that works for the request, so two parallel
 * branches of one request that run under different contexts would otherwise log each other's values
 * (quarkus#30736), and a duplicated context duplicated again shares the map of an earlier unit of
 * work (quarkus#48227). This filter runs on the logging thread when the record reaches a handler,
 * before it is formatted or handed to an asynchronous handler, and overwrites ContextKit's keys in
 * the record's own MDC copy with the values of {@link RequestContext#current()} — or, on a thread
 * with no scope open, of the request whose duplicated context the thread runs in — and removes them
 * when there is neither. Other MDC keys are left untouched.
 *
 * <p>It is installed on the handlers Quarkus attaches to the loggers at startup (console, file,
 * syslog, socket and additional handlers all sit below the root logger's handler), wrapping
 * whatever filter a handler already had. Handlers attached to loggers later are not covered.
 */
public final class LogRecordContext implements Filter {

  private static final ContextField[] FIELDS = ContextField.values();

  private final @Nullable Filter delegate;

  private LogRecordContext(@Nullable Filter delegate) {
    this.delegate = delegate;
  }

  /**
   * Installs the filter on every handler of every logger that exists now, once per handler.
   *
   * @return how many handlers got the filter
   */
  public static int install() {
    LogContext logContext = LogContext.getLogContext();
    int installed = installOn(logContext.getLogger(""));
    Enumeration<String> names = logContext.getLoggerNames();
    while (names.hasMoreElements()) {
      Logger logger = logContext.getLoggerIfExists(names.nextElement());
      if (logger != null && !logger.getName().isEmpty()) {
        installed += installOn(logger);
      }
    }
    return installed;
  }

  private static int installOn(Logger logger) {
    int installed = 0;
    for (Handler handler : logger.getHandlers()) {
      Filter existing = handler.getFilter();
      if (!(existing instanceof LogRecordContext)) {
        handler.setFilter(new LogRecordContext(existing));
        installed++;
      }
    }
    return installed;
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (record instanceof ExtLogRecord) {
      enrich((ExtLogRecord) record);
    }
    return delegate == null || delegate.isLoggable(record);
  }

  /** Writes the logging thread's context into the record's MDC; a record is enriched once. */
  static void enrich(ExtLogRecord record) {
    // Take the record's own copy of the MDC now: a record copies the (per-request, shared) MDC map
    // lazily, so a copy made later — when a handler formats it — could show what a parallel branch
    // wrote into the shared map in the meantime.
    record.copyMdc();
    RequestContext context = RequestContexts.current();
    for (ContextField field : FIELDS) {
      set(record, field.key(), context.get(field));
    }
    String flags = context.flagsInEffect();
    set(record, MdcProjection.FLAGS_KEY, flags.isEmpty() ? null : flags);
  }

  private static void set(ExtLogRecord record, String key, @Nullable String value) {
    if (!Objects.equals(record.getMdc(key), value)) {
      if (value == null) {
        record.removeMdc(key);
      } else {
        record.putMdc(key, value);
      }
    }
  }
}
