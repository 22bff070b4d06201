package io.contextkit.spring.autoconfigure.logging.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.contextkit.spring.autoconfigure.logging.ContextKitJsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import net.logstash.logback.composite.JsonProvider;
import net.logstash.logback.encoder.CompositeJsonEncoder;
import net.logstash.logback.layout.CompositeJsonLayout;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Warns once at startup when the application asked for ContextKit's JSON lines and does not get
 * them: a {@code logback-spring.xml} on the class path includes {@code logback-contextkit-json.xml}
 * or names {@link ContextKitJsonProvider}, yet no appender of the running Logback configuration
 * writes through a {@code ContextKitJsonProvider}. That happens when a {@code logback.xml} or
 * {@code logback-test.xml} (which Logback and Spring Boot load before {@code logback-spring.xml})
 * or a {@code logging.config} file is in effect instead.
 *
 * <p>Both halves are facts, not guesses: the file that asks is read, the appenders that run are
 * inspected. An application that configures JSON some other way (Boot's structured logging, its own
 * encoder) and never mentions ContextKit in a {@code logback-spring.xml} gets no warning.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class JsonLoggingCheck implements SmartInitializingSingleton {

  /** The logger of the warning. */
  static final String LOGGER = "io.contextkit.logging";

  private static final String SPRING_CONFIGURATION = "logback-spring.xml";
  private static final String[] MARKERS = {
    "logback-contextkit-json.xml", ContextKitJsonProvider.class.getName()
  };
  private static final String[] PRECEDING = {"logback-test.xml", "logback.xml"};

  private final ClassLoader classLoader;

  public JsonLoggingCheck(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public void afterSingletonsInstantiated() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // Logback is not the logging backend: its files are not read at all.
    }
    String problem = problem(context, classLoader);
    if (problem != null) {
      context.getLogger(LOGGER).warn(problem);
    }
  }

  /**
   * The warning for {@code context}, or {@code null} when the ContextKit JSON configuration is in
   * effect or was not asked for.
   */
  public static @Nullable String problem(LoggerContext context, ClassLoader classLoader) {
    URL asking = askingConfiguration(classLoader);
    if (asking == null || writesContextKitJson(context)) {
      return null;
    }
    List<String> preceding = new ArrayList<>();
    for (String name : PRECEDING) {
      URL url = classLoader.getResource(name);
      if (url != null) {
        preceding.add(url.toString());
      }
    }
    return "ContextKit JSON logging is configured in "
        + asking
        + ", but no Logback appender writes the ContextKit JSON fields: another configuration is"
        + " in effect"
        + (preceding.isEmpty()
            ? " (logging.config?)"
            : " ("
                + String.join(", ", preceding)
                + ", which Logback loads before logback-spring.xml)")
        + ". Put the include of io/contextkit/spring/logback-contextkit-json.xml and the"
        + " CONTEXTKIT_JSON_CONSOLE appender-ref into the configuration in effect, or remove it.";
  }

  /** Whether any appender of any logger in {@code context} writes through our provider. */
  static boolean writesContextKitJson(LoggerContext context) {
    Set<Appender<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Logger logger : context.getLoggerList()) {
      if (anyWrites(logger, seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyWrites(
      AppenderAttachable<ILoggingEvent> attachable, Set<Appender<?>> seen) {
    Iterator<Appender<ILoggingEvent>> appenders = attachable.iteratorForAppenders();
    while (appenders.hasNext()) {
      Appender<ILoggingEvent> appender = appenders.next();
      if (!seen.add(appender)) {
        continue;
      }
      if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
          && usesProvider(stream.getEncoder())) {
        return true;
      }
      // AsyncAppender and other wrappers hold the appenders that write.
      if (appender instanceof AppenderAttachable<?> wrapper) {
        @SuppressWarnings("unchecked")
        AppenderAttachable<ILoggingEvent> inner = (AppenderAttachable<ILoggingEvent>) wrapper;
        if (anyWrites(inner, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean usesProvider(@Nullable Encoder<ILoggingEvent> encoder) {
    if (encoder instanceof CompositeJsonEncoder<ILoggingEvent> json) {
      return contains(json.getProviders().getProviders());
    }
    if (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping) {
      Layout<ILoggingEvent> layout = wrapping.getLayout();
      return layout instanceof CompositeJsonLayout<ILoggingEvent> json
          && contains(json.getProviders().getProviders());
    }
    return false;
  }

  private static boolean contains(List<JsonProvider<ILoggingEvent>> providers) {
    for (JsonProvider<ILoggingEvent> provider : providers) {
      if (provider instanceof ContextKitJsonProvider) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable URL askingConfiguration(ClassLoader classLoader) {
    URL url = classLoader.getResource(SPRING_CONFIGURATION);
    if (url == null) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String marker : MARKERS) {
        if (text.contains(marker)) {
          return url;
        }
      }
      return null;
    } catch (IOException e) {
      return null; // unreadable: nothing can be said about what it asks for
    }
  }
}
