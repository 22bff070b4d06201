package io.contextkit.quarkus.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.formatters.TextBannerFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

/**
 * The console formatters Quarkus builds outside tests: a packaged application prints its banner, so
 * the console's formatter is the banner formatter around the pattern formatter (QuarkusUnitTest
 * runs without the banner; {@code TextLogLinesTest} covers the bare pattern formatter).
 */
class ContextTextFormatterTest {

  private static final String QUARKUS_DEFAULT = "%-5p [%c] (%t) %s%e%n";

  @Test
  void theBannerFormattersLinesShowTheRequestIdAndTraceIdAndTheBannerStays() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleHandler console =
        console(
            out,
            new TextBannerFormatter(
                TextBannerFormatter.createStringSupplier("THE-BANNER\n"),
                new PatternFormatter(QUARKUS_DEFAULT)));

    assertThat(ContextTextFormatter.installOn(new Handler[] {console})).isEqualTo(1);
    console.publish(record("listing orders", Map.of("request_id", "r-1", "trace_id", "t-1")));
    console.publish(record("outside", Map.of()));
    console.flush();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "THE-BANNER",
            "INFO  [shop.Orders] (worker-1) request_id=r-1 trace_id=t-1 listing orders",
            "INFO  [shop.Orders] (worker-1) outside");
  }

  @Test
  void aJsonConsoleIsLeftAlone() {
    JsonFormatter json = new JsonFormatter();
    ConsoleHandler console = console(new ByteArrayOutputStream(), json);

    assertThat(ContextTextFormatter.installOn(new Handler[] {console})).isZero();
    assertThat(console.getFormatter()).isSameAs(json);
  }

  private static ConsoleHandler console(ByteArrayOutputStream out, java.util.logging.Formatter f) {
    ConsoleHandler console = new ConsoleHandler(f);
    console.setOutputStream(out);
    return console;
  }

  private static ExtLogRecord record(String message, Map<String, String> mdc) {
    ExtLogRecord record = new ExtLogRecord(Level.INFO, message, "shop.Orders");
    record.setLoggerName("shop.Orders");
    record.setThreadName("worker-1");
    record.setMdc(mdc);
    return record;
  }
}
