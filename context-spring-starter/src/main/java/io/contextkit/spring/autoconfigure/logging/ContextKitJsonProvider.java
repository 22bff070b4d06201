package io.contextkit.spring.autoconfigure.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import io.contextkit.ContextField;
import io.contextkit.RequestContext;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * A logstash-logback-encoder {@code JsonProvider} that writes the request context flat, under the
 * snake_case names every ContextKit integration uses ({@code trace_id}, {@code parent_id}, {@code
 * request_id}, {@code user_id}, {@code account_id}, {@code request_type}, {@code tester}, {@code
 * license}, {@code feature_flags}), followed by the application fields {@value #APPLICATION_NAME},
 * {@value #ENVIRONMENT}, {@value #APPLICATION_VERSION} and {@value #HOST_NAME}.
 *
 * <p>Where the values come from:
 *
 * <ul>
 *   <li>Context fields: the event's MDC, which ContextKit's MDC projection keeps in step with the
 *       current {@link RequestContext}; the MDC is captured when the event is created, so the
 *       values are right behind an {@code AsyncAppender} too. Only when the MDC holds none of our
 *       keys and the event is written on the thread that logged it is {@link
 *       RequestContext#current()} read instead (an application that removed the MDC projection).
 *   <li>Application fields: a value set on this provider in the Logback configuration ({@code
 *       <applicationName>orders</applicationName>}) wins; otherwise the values the Spring
 *       auto-configuration published on the Logback context under {@value #FIELDS_OBJECT_KEY} (a
 *       {@code Map<String, String>} keyed by field name), set once the application context has
 *       started; the host name defaults to Logback's {@code HOSTNAME}. The provider has no Spring
 *       dependency: without Spring only the configured values and the host name are written.
 * </ul>
 *
 * <p>Add it to a {@code LogstashEncoder} and exclude our keys from the encoder's own MDC output, or
 * they are written twice — the ready include file {@code
 * io/contextkit/spring/logback-contextkit-json.xml} does both:
 *
 * <pre>{@code
 * <encoder class="net.logstash.logback.encoder.LogstashEncoder">
 *   <excludeMdcKeyName>request_id</excludeMdcKeyName> <!-- ...every key listed above -->
 *   <provider class="io.contextkit.spring.autoconfigure.logging.ContextKitJsonProvider"/>
 * </encoder>
 * }</pre>
 *
 * <p>Thread-safe once started; writing an event allocates nothing of its own.
 */
public final class ContextKitJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  /** Field of the application name ({@code spring.application.name}). */
  public static final String APPLICATION_NAME = "application_name";

  /** Field of the environment (the active Spring profiles, comma-separated). */
  public static final String ENVIRONMENT = "environment";

  /** Field of the application version (build info, else the main class's manifest). */
  public static final String APPLICATION_VERSION = "application_version";

  /** Field of the host name. */
  public static final String HOST_NAME = "host_name";

  /**
   * Field of the flags in effect; the same name as the MDC key core's MDC projection writes (kept
   * as a literal so that this class does not reach into core's internal package).
   */
  public static final String FEATURE_FLAGS = "feature_flags";

  /**
   * Key of the Logback context object holding the application field values as a {@code Map<String,
   * String>} keyed by field name; published by the Spring auto-configuration.
   */
  public static final String FIELDS_OBJECT_KEY = "io.contextkit.logging.application-fields";

  private static final ContextField[] FIELDS = ContextField.values();

  private @Nullable String applicationName;
  private @Nullable String environment;
  private @Nullable String applicationVersion;
  private @Nullable String hostName;
  private @Nullable String resolvedHostName;

  @Override
  public void start() {
    String host = hostName;
    if (host == null) {
      Context context = getContext();
      host = context == null ? null : context.getProperty(CoreConstants.HOSTNAME_KEY);
    }
    resolvedHostName = host == null || host.isEmpty() ? null : host;
    super.start();
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (hasContextKey(mdc)) {
      for (ContextField field : FIELDS) {
        writeIfPresent(generator, field.key(), mdc.get(field.key()));
      }
      writeIfPresent(generator, FEATURE_FLAGS, mdc.get(FEATURE_FLAGS));
    } else if (Thread.currentThread().getName().equals(event.getThreadName())) {
      RequestContext context = RequestContext.current();
      if (!context.isEmpty()) {
        for (ContextField field : FIELDS) {
          writeIfPresent(generator, field.key(), context.get(field));
        }
        String flags = context.flagsInEffect();
        writeIfPresent(generator, FEATURE_FLAGS, flags.isEmpty() ? null : flags);
      }
    }
    Map<?, ?> published = published();
    writeIfPresent(
        generator, APPLICATION_NAME, choose(applicationName, published, APPLICATION_NAME));
    writeIfPresent(generator, ENVIRONMENT, choose(environment, published, ENVIRONMENT));
    writeIfPresent(
        generator, APPLICATION_VERSION, choose(applicationVersion, published, APPLICATION_VERSION));
    writeIfPresent(generator, HOST_NAME, resolvedHostName);
  }

  private static boolean hasContextKey(Map<String, String> mdc) {
    if (mdc.isEmpty()) {
      return false;
    }
    for (ContextField field : FIELDS) {
      if (mdc.containsKey(field.key())) {
        return true;
      }
    }
    return mdc.containsKey(FEATURE_FLAGS);
  }

  private @Nullable Map<?, ?> published() {
    Context context = getContext();
    Object value = context == null ? null : context.getObject(FIELDS_OBJECT_KEY);
    return value instanceof Map<?, ?> map ? map : null;
  }

  private static @Nullable String choose(
      @Nullable String configured, @Nullable Map<?, ?> published, String field) {
    if (configured != null) {
      return configured;
    }
    Object value = published == null ? null : published.get(field);
    return value instanceof String text ? text : null;
  }

  private static void writeIfPresent(JsonGenerator generator, String name, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      generator.writeStringProperty(name, value);
    }
  }

  /** Sets the application name, overriding {@code spring.application.name}. */
  public void setApplicationName(@Nullable String applicationName) {
    this.applicationName = blankToNull(applicationName);
  }

  /** Sets the environment, overriding the active Spring profiles. */
  public void setEnvironment(@Nullable String environment) {
    this.environment = blankToNull(environment);
  }

  /** Sets the application version, overriding build info and manifest. */
  public void setApplicationVersion(@Nullable String applicationVersion) {
    this.applicationVersion = blankToNull(applicationVersion);
  }

  /** Sets the host name, overriding Logback's {@code HOSTNAME}. */
  public void setHostName(@Nullable String hostName) {
    this.hostName = blankToNull(hostName);
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
