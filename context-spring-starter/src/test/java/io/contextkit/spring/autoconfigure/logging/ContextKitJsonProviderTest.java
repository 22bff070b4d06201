package io.contextkit.spring.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import io.contextkit.ContextKit;
import io.contextkit.ContextScope;
import io.contextkit.FlagEvaluation;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.internal.SpanProjection;
import io.contextkit.spi.ContextProjection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextKitJsonProviderTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private LoggerContext loggerContext;

  @BeforeEach
  void newLoggerContext() {
    loggerContext = new LoggerContext();
    // The events must see the MDC that ContextKit's projection writes: SLF4J's.
    loggerContext.setMDCAdapter(MDC.getMDCAdapter());
    loggerContext.start();
  }

  @AfterEach
  void stop() {
    loggerContext.stop();
  }

  private static RequestContext context() {
    return RequestContext.builder()
        .traceId(TRACE_ID)
        .parentId("00f067aa0ba902b7")
        .requestId("req-1")
        .userId("u-17")
        .accountId("acme")
        .requestType(RequestType.STANDARD)
        .tester(true)
        .license("gold")
        .build();
  }

  /** Configures {@link #loggerContext} the way a user does: the include file, root appender-ref. */
  private Logger configuredWithIncludeFile() throws Exception {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(loggerContext);
    configurator.doConfigure(
        getClass()
            .getResource("/io/contextkit/spring/autoconfigure/logging/logback-include-test.xml"));
    assertThat(loggerContext.getStatusManager().getCopyOfStatusList())
        .noneMatch(status -> status.getLevel() >= ch.qos.logback.core.status.Status.WARN);
    return loggerContext.getLogger("test");
  }

  private static String consoleOutputOf(Runnable logging) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void includeFileWritesEveryContextFieldFlatAndOnce() throws Exception {
    Logger logger = configuredWithIncludeFile();
    String output =
        consoleOutputOf(
            () -> {
              RequestContext context = context();
              try (ContextScope scope = context.makeCurrent()) {
                context.recordFlagEvaluation(new FlagEvaluation("new-pricing", "on", "STATIC"));
                // The MDC holds every one of our keys here, as in any request.
                assertThat(MDC.get("request_id")).isEqualTo("req-1");
                logger.info("hello");
              }
            });
    List<Map<String, Object>> events = ConsoleJson.events(output);
    assertThat(events).hasSize(1);
    assertThat(events.get(0))
        .containsEntry("message", "hello")
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("parent_id", "00f067aa0ba902b7")
        .containsEntry("request_id", "req-1")
        .containsEntry("user_id", "u-17")
        .containsEntry("account_id", "acme")
        .containsEntry("request_type", "STANDARD")
        .containsEntry("tester", "true")
        .containsEntry("license", "gold")
        .containsEntry("feature_flags", "new-pricing=on")
        .containsKey("host_name");
    // Strict parsing above already refuses duplicates; the raw count says it in plain words.
    assertThat(output.split("\"request_id\"", -1)).hasSize(2);
  }

  @Test
  void featureFlagsFieldIsTheKeyTheMdcProjectionWrites() {
    assertThat(ContextKitJsonProvider.FEATURE_FLAGS)
        .isEqualTo(io.contextkit.internal.MdcProjection.FLAGS_KEY);
  }

  @Test
  void strictParsingRejectsALineWithADuplicateKey() {
    // Guards the guard: the duplicate detection the other tests rely on really fires.
    assertThatThrownBy(() -> ConsoleJson.events("{\"request_id\":\"a\",\"request_id\":\"a\"}"))
        .hasMessageContaining("request_id");
  }

  @Test
  void plainLogstashEncoderWithoutExclusionsWouldWriteKeysTwice() {
    // Why the include file excludes our MDC keys: the encoder's MDC provider writes them too.
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(loggerContext);
    encoder.addProvider(new ContextKitJsonProvider());
    encoder.start();
    List<String> lines = new ArrayList<>();
    Logger logger = loggerContext.getLogger("dup");
    logger.addAppender(encodingInto(encoder, lines));
    try (ContextScope scope = context().makeCurrent()) {
      logger.info("twice");
    }
    String line = lines.get(0);
    assertThat(line.split("\"request_id\"", -1)).hasSize(3);
  }

  @Test
  void writesApplicationFieldsPublishedOnTheLoggerContext() throws Exception {
    Logger logger = configuredWithIncludeFile();
    loggerContext.putObject(
        ContextKitJsonProvider.FIELDS_OBJECT_KEY,
        Map.of(
            "application_name", "orders",
            "environment", "prod,eu",
            "application_version", "1.4.2"));
    Map<String, Object> event =
        ConsoleJson.events(consoleOutputOf(() -> logger.info("started"))).get(0);
    assertThat(event)
        .containsEntry("application_name", "orders")
        .containsEntry("environment", "prod,eu")
        .containsEntry("application_version", "1.4.2")
        .containsEntry("host_name", loggerContext.getProperty("HOSTNAME"));
  }

  @Test
  void configuredValuesWinOverPublishedOnes() {
    loggerContext.putObject(
        ContextKitJsonProvider.FIELDS_OBJECT_KEY,
        Map.of("application_name", "from-spring", "environment", "dev"));
    ContextKitJsonProvider provider = new ContextKitJsonProvider();
    provider.setApplicationName("from-xml");
    provider.setHostName("node-7");
    Map<String, Object> event = encodeOne(provider, false, () -> {});
    assertThat(event)
        .containsEntry("application_name", "from-xml")
        .containsEntry("environment", "dev")
        .containsEntry("host_name", "node-7")
        .doesNotContainKey("application_version");
  }

  @Test
  void behindAnAsyncAppenderLinesStillCarryTheContextOfTheirRequest() throws Exception {
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(loggerContext);
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    ContextKitJsonProvider provider = new ContextKitJsonProvider();
    provider.setContext(loggerContext);
    providers.addProvider(provider);
    encoder.setProviders(providers);
    encoder.start();
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ch.qos.logback.classic.AsyncAppender async = new ch.qos.logback.classic.AsyncAppender();
    async.setContext(loggerContext);
    async.addAppender(encodingInto(encoder, lines));
    async.start();
    Logger logger = loggerContext.getLogger("async");
    logger.addAppender(async);
    for (int i = 0; i < 20; i++) {
      RequestContext request = RequestContext.builder().requestId("async-" + i).build();
      try (ContextScope scope = request.makeCurrent()) {
        logger.info("line {}", i);
      }
    }
    // Stopping drains the queue: every event is encoded on the worker, after its scope closed.
    async.stop();
    assertThat(lines).hasSize(20);
    for (int i = 0; i < 20; i++) {
      Map<String, Object> event = ConsoleJson.events(lines.get(i)).get(0);
      assertThat(event).containsEntry("request_id", "async-" + i);
    }
  }

  @Test
  void writesNoContextFieldOutsideARequest() {
    Map<String, Object> event = encodeOne(new ContextKitJsonProvider(), false, () -> {});
    assertThat(event)
        .doesNotContainKeys("trace_id", "request_id", "user_id", "feature_flags")
        .containsKey("host_name");
  }

  @Test
  void readsTheCurrentContextWhenTheMdcProjectionIsSwitchedOff() {
    List<ContextProjection> before = ContextKit.projections();
    ContextKit.setProjections(List.of(new SpanProjection()));
    try {
      Map<String, Object> event =
          encodeOne(
              new ContextKitJsonProvider(), true, () -> assertThat(MDC.get("request_id")).isNull());
      assertThat(event).containsEntry("request_id", "req-1").containsEntry("user_id", "u-17");
    } finally {
      ContextKit.setProjections(before);
    }
  }

  /** Logs one event (inside {@link #context()} when asked) encoded with {@code provider} only. */
  private Map<String, Object> encodeOne(
      ContextKitJsonProvider provider, boolean inRequest, Runnable beforeLogging) {
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(loggerContext);
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    providers.addProvider(provider);
    encoder.setProviders(providers);
    provider.setContext(loggerContext);
    encoder.start();
    List<String> lines = new ArrayList<>();
    Logger logger = loggerContext.getLogger("one");
    logger.addAppender(encodingInto(encoder, lines));
    if (inRequest) {
      try (ContextScope scope = context().makeCurrent()) {
        beforeLogging.run();
        logger.info("one");
      }
    } else {
      beforeLogging.run();
      logger.info("one");
    }
    return ConsoleJson.events(lines.get(0)).get(0);
  }

  /** An appender that encodes on the logging thread, as ConsoleAppender and FileAppender do. */
  private AppenderBase<ILoggingEvent> encodingInto(
      Encoder<ILoggingEvent> encoder, List<String> lines) {
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
          }
        };
    appender.setContext(loggerContext);
    appender.start();
    return appender;
  }
}
