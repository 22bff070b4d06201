package io.contextkit.spring.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.FlagEvaluation;
import io.contextkit.RequestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's own structured logging ({@code logging.structured.format.console}) needs nothing
 * from ContextKit: the MDC projection puts the context in the MDC, and both formats write the MDC.
 * Shapes, as asserted here: {@code logstash} writes our keys flat at the top level; {@code ecs}
 * writes them flat at the top level too (Boot nests only dotted MDC keys, and ours have no dot).
 */
@ExtendWith(OutputCaptureExtension.class)
class BootStructuredLoggingIT {

  @Configuration(proxyBeanMethods = false)
  static class App {}

  private static Map<String, Object> logOneRequestLine(String format, CapturedOutput output) {
    // Boot publishes the format as a system property and never overwrites one already set, so a
    // previous
    // test's format would win.
    System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                "logging.structured.format.console=" + format,
                "logging.config=classpath:boot-structured-console.xml",
                "spring.application.name=orders",
                "spring.main.banner-mode=off")
            .run()) {
      RequestContext context =
          RequestContext.builder()
              .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
              .requestId("req-" + format)
              .userId("u-17")
              .license("gold")
              .build();
      try (ContextScope scope = context.makeCurrent()) {
        context.recordFlagEvaluation(new FlagEvaluation("new-pricing", "on", "STATIC"));
        LoggerFactory.getLogger(BootStructuredLoggingIT.class).info("structured " + format);
      }
    }
    List<Map<String, Object>> events = ConsoleJson.events(output.getOut());
    return events.stream()
        .filter(event -> ("structured " + format).equals(messageOf(event)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no JSON line for " + format + " in:\n" + output));
  }

  private static Object messageOf(Map<String, Object> event) {
    return event.get("message");
  }

  @Test
  void logstashFormatWritesContextKeysFlat(CapturedOutput output) {
    Map<String, Object> event = logOneRequestLine("logstash", output);
    assertThat(event)
        .containsEntry("request_id", "req-logstash")
        .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
        .containsEntry("user_id", "u-17")
        .containsEntry("license", "gold")
        .containsEntry("feature_flags", "new-pricing=on");
  }

  @Test
  void ecsFormatWritesContextKeysFlat(CapturedOutput output) {
    Map<String, Object> event = logOneRequestLine("ecs", output);
    assertThat(event)
        .containsEntry("request_id", "req-ecs")
        .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
        .containsEntry("user_id", "u-17")
        .containsEntry("license", "gold")
        .containsEntry("feature_flags", "new-pricing=on");
    assertThat(event).containsKey("service");
  }
}
