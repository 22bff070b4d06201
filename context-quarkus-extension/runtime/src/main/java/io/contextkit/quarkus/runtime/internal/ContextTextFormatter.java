package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextField;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.DefaultValuesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.formatters.TextBannerFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Shows the request's {@code request_id} and {@code trace_id} on the console lines of Quarkus'
 * default text format, which names no MDC key: {@code … (executor-thread-1) request_id=… trace_id=…
 * message}. A line logged outside a request is the default format's own.
 *
 * <p>Installed only when the application did not set {@code quarkus.log.console.format} (its value
 * comes from the mapping's default): an application's own pattern always wins, and names the keys
 * it wants with {@code %X{request_id}}. A JSON console (quarkus-logging-json) is left to {@link
 * FlatContextJsonFormatter}.
 *
 * <p>Why a formatter and not a different default for {@code quarkus.log.console.format}: a pattern
 * with {@code %X{request_id}} prints {@code request_id=} with nothing on every line outside a
 * request, where this formatter adds nothing.
 */
public final class ContextTextFormatter extends ExtFormatter {

  static final String CONSOLE_FORMAT_KEY = "quarkus.log.console.format";

  /** The config source of the runtime values Quarkus recorded at build time. */
  private static final String RUNTIME_VALUES_SOURCE = "Runtime Values";

  private static final String REQUEST_ID = ContextField.REQUEST_ID.key();
  private static final String TRACE_ID = ContextField.TRACE_ID.key();

  private final ExtFormatter delegate;

  private ContextTextFormatter(ExtFormatter delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps the text formatter of every console handler Quarkus configured (nested handlers
   * included), unless the application set {@code quarkus.log.console.format}.
   *
   * @return how many formatters were wrapped
   */
  public static int installIfDefaultConsoleFormat() {
    if (consoleFormatSetByApplication()) {
      return 0;
    }
    return installOn(LogContext.getLogContext().getLogger("").getHandlers());
  }

  /**
   * Whether {@code quarkus.log.console.format} was set by the application.
   *
   * <p>Not simply "the value comes from the defaults": Quarkus records, at build time, the value
   * each runtime property has then — the mapping's default included — into its "Runtime Values"
   * source, which outranks the defaults at run time (also why a {@code
   * RunTimeConfigurationDefaultBuildItem} for this key has no effect). So the format counts as the
   * application's when it comes from any other source, or differs from the mapping's default.
   */
  static boolean consoleFormatSetByApplication() {
    SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    ConfigValue value = config.getConfigValue(CONSOLE_FORMAT_KEY);
    if (value.getValue() == null) {
      return false;
    }
    String source = value.getConfigSourceName();
    if (DefaultValuesConfigSource.NAME.equals(source)) {
      return false;
    }
    if (!RUNTIME_VALUES_SOURCE.equals(source)) {
      return true;
    }
    for (ConfigSource candidate : config.getConfigSources()) {
      if (DefaultValuesConfigSource.NAME.equals(candidate.getName())) {
        return !value.getValue().equals(candidate.getValue(CONSOLE_FORMAT_KEY));
      }
    }
    return true;
  }

  /** Wraps the Quarkus text formatter of every console handler among {@code handlers}. */
  static int installOn(Handler[] handlers) {
    int installed = 0;
    for (Handler handler : handlers) {
      Formatter formatter = handler.getFormatter();
      if (handler instanceof ConsoleHandler && isQuarkusTextFormatter(formatter)) {
        handler.setFormatter(new ContextTextFormatter((ExtFormatter) formatter));
        installed++;
      }
      if (handler instanceof ExtHandler parent) {
        installed += installOn(parent.getHandlers());
      }
    }
    return installed;
  }

  /**
   * Whether {@code formatter} is what Quarkus puts on a text console: its pattern formatter, or —
   * in a packaged application, where the banner is on — the banner formatter around it. A JSON
   * console's formatter is neither.
   */
  private static boolean isQuarkusTextFormatter(Formatter formatter) {
    return formatter instanceof PatternFormatter || formatter instanceof TextBannerFormatter;
  }

  @Override
  public String format(ExtLogRecord record) {
    String requestId = record.getMdc(REQUEST_ID);
    String traceId = record.getMdc(TRACE_ID);
    if (requestId == null && traceId == null) {
      return delegate.format(record);
    }
    StringBuilder message = new StringBuilder(128);
    if (requestId != null) {
      message.append(REQUEST_ID).append('=').append(requestId).append(' ');
    }
    if (traceId != null) {
      message.append(TRACE_ID).append('=').append(traceId).append(' ');
    }
    String formatted = record.getFormattedMessage();
    message.append(formatted == null ? "" : formatted);
    // A copy: the same record may reach another handler (a file next to the console).
    ExtLogRecord copy = new ExtLogRecord(record);
    copy.setMessage(message.toString(), ExtLogRecord.FormatStyle.NO_FORMAT);
    copy.setParameters(null);
    return delegate.format(copy);
  }

  @Override
  public boolean isCallerCalculationRequired() {
    return delegate.isCallerCalculationRequired();
  }

  @Override
  public String getHead(Handler handler) {
    return delegate.getHead(handler);
  }

  @Override
  public String getTail(Handler handler) {
    return delegate.getTail(handler);
  }

  @Override
  public String toString() {
    return "ContextTextFormatter[" + delegate + "]";
  }
}
