package io.contextkit.spring.autoconfigure.it;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.testsupport.LogbackCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Captures every log event and renders it as the real LogstashEncoder writes it. */
final class JsonLogCapture {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final LogbackCapture capture = LogbackCapture.attachToRoot();
  private final LogstashEncoder encoder = new LogstashEncoder();

  private JsonLogCapture() {
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
  }

  static JsonLogCapture attach() {
    return new JsonLogCapture();
  }

  void detach() {
    capture.close();
  }

  List<String> rawLines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : capture.events()) {
      lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }
    return lines;
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> events() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : rawLines()) {
      events.add(JSON.readValue(line, Map.class));
    }
    return events;
  }

  void clear() {
    capture.clear();
  }
}
