package io.contextkit.spring.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.logging.internal.JsonLoggingCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The startup warning for a logback-spring.xml that asks for the ContextKit JSON lines while
 * another Logback configuration is in effect, checked against real Logback configurations.
 */
class JsonLoggingCheckTest {

  private static final String ASKS =
      "<configuration><include resource=\"io/contextkit/spring/logback-contextkit-json.xml\"/>"
          + "<root level=\"INFO\"><appender-ref ref=\"CONTEXTKIT_JSON_CONSOLE\"/></root>"
          + "</configuration>";
  private static final String PLAIN_TEXT =
      "<configuration><appender name=\"C\" class=\"ch.qos.logback.core.ConsoleAppender\">"
          + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
          + "<root level=\"INFO\"><appender-ref ref=\"C\"/></root></configuration>";
  private static final String ASYNC_JSON =
      "<configuration><include resource=\"io/contextkit/spring/logback-contextkit-json.xml\"/>"
          + "<appender name=\"ASYNC\" class=\"ch.qos.logback.classic.AsyncAppender\">"
          + "<appender-ref ref=\"CONTEXTKIT_JSON_CONSOLE\"/></appender>"
          + "<root level=\"INFO\"><appender-ref ref=\"ASYNC\"/></root></configuration>";

  @TempDir Path classpath;

  private static LoggerContext running(String xml) throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return context;
  }

  private ClassLoader classpathWith(String name, String content) throws IOException {
    Files.writeString(classpath.resolve(name), content);
    return new URLClassLoader(
        new URL[] {classpath.toUri().toURL()}, JsonLoggingCheckTest.class.getClassLoader());
  }

  @Test
  void warnsWhenLogbackSpringXmlAsksAndAnotherFileIsInEffect() throws Exception {
    Files.writeString(classpath.resolve("logback.xml"), PLAIN_TEXT);
    ClassLoader loader = classpathWith("logback-spring.xml", ASKS);

    String problem = JsonLoggingCheck.problem(running(PLAIN_TEXT), loader);

    assertThat(problem)
        .isNotNull()
        .contains(classpath.resolve("logback-spring.xml").toUri().toURL().toString())
        .contains(classpath.resolve("logback.xml").toUri().toURL().toString())
        .contains("no Logback appender writes the ContextKit JSON fields")
        .contains("logback-contextkit-json.xml");
  }

  @Test
  void isQuietWhenTheAskedForAppenderRuns() throws Exception {
    ClassLoader loader = classpathWith("logback-spring.xml", ASKS);

    assertThat(JsonLoggingCheck.problem(running(ASKS), loader)).isNull();
  }

  @Test
  void findsTheProviderBehindAnAsyncAppender() throws Exception {
    ClassLoader loader = classpathWith("logback-spring.xml", ASKS);

    assertThat(JsonLoggingCheck.problem(running(ASYNC_JSON), loader)).isNull();
  }

  @Test
  void isQuietWhenNoLogbackSpringXmlAsksForContextKit() throws Exception {
    ClassLoader loader = classpathWith("logback-spring.xml", PLAIN_TEXT);

    assertThat(JsonLoggingCheck.problem(running(PLAIN_TEXT), loader)).isNull();
  }

  @Test
  void theAutoConfigurationWarnsOnceAtStartup() throws Exception {
    // The test JVM runs logback-test.xml (plain text), which wins over this logback-spring.xml.
    ClassLoader loader = classpathWith("logback-spring.xml", ASKS);
    Logger logger =
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.contextkit.logging");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      new ApplicationContextRunner()
          .withClassLoader(loader)
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class, ContextKitLoggingAutoConfiguration.class))
          .run(context -> assertThat(context).hasSingleBean(JsonLoggingCheck.class));
    } finally {
      logger.detachAppender(captured);
    }

    assertThat(captured.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains("ContextKit JSON logging is configured in")
                  .contains("logback-test.xml");
            });
  }
}
