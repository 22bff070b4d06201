package io.contextkit.spring.autoconfigure.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Captures every log event as the real LogstashEncoder writes it, parsed back into maps. */
final class JsonLogCapture extends AppenderBase<ILoggingEvent> {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<String> lines = new ArrayList<>();
  private final Encoder<ILoggingEvent> encoder;

  private JsonLogCapture(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  static JsonLogCapture attach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    JsonLogCapture capture = new JsonLogCapture(encoder);
    capture.setContext(context);
    capture.setName("json-capture");
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    return capture;
  }

  void detach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
    stop();
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }

  synchronized List<String> rawLines() {
    return List.copyOf(lines);
  }

  @SuppressWarnings("unchecked")
  synchronized List<Map<String, Object>> events() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readValue(line, Map.class));
    }
    return events;
  }

  synchronized void clear() {
    lines.clear();
  }
}
