package io.contextkit.spring.autoconfigure.logging.internal;

import ch.qos.logback.classic.LoggerContext;
import io.contextkit.spring.autoconfigure.logging.ContextKitJsonProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Publishes the application fields on the Logback context for {@link ContextKitJsonProvider} when
 * the bean is initialised, and withdraws them when the application context closes (only if they are
 * still the ones it published, so a second application in the same JVM keeps its own).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class LogbackApplicationFields implements InitializingBean, DisposableBean {

  private final Map<String, String> fields;

  public LogbackApplicationFields(
      @Nullable String applicationName,
      String[] activeProfiles,
      @Nullable String applicationVersion) {
    Map<String, String> map = new LinkedHashMap<>();
    putIfPresent(map, ContextKitJsonProvider.APPLICATION_NAME, applicationName);
    putIfPresent(map, ContextKitJsonProvider.ENVIRONMENT, String.join(",", activeProfiles));
    putIfPresent(map, ContextKitJsonProvider.APPLICATION_VERSION, applicationVersion);
    this.fields = Collections.unmodifiableMap(map);
  }

  /** The published values by field name. */
  public Map<String, String> fields() {
    return fields;
  }

  @Override
  public void afterPropertiesSet() {
    LoggerContext context = loggerContext();
    if (context != null) {
      context.putObject(ContextKitJsonProvider.FIELDS_OBJECT_KEY, fields);
    }
  }

  @Override
  public void destroy() {
    LoggerContext context = loggerContext();
    if (context != null && context.getObject(ContextKitJsonProvider.FIELDS_OBJECT_KEY) == fields) {
      context.removeObject(ContextKitJsonProvider.FIELDS_OBJECT_KEY);
    }
  }

  private static @Nullable LoggerContext loggerContext() {
    // Logback may be on the class path without being SLF4J's binding (e.g. Log4j2 chosen).
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof LoggerContext context ? context : null;
  }

  private static void putIfPresent(Map<String, String> map, String key, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value.trim());
    }
  }
}
