package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.Refusal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The refusal line and counter every stack writes, against the real logback. */
class RefusalLogTest {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void capture() {
    appender.start();
    logger().addAppender(appender);
  }

  @AfterEach
  void release() {
    logger().detachAppender(appender);
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(RefusalLog.LOGGER);
  }

  @Test
  void writesOneWarnLineWithStatusReasonRequestIdAndPeer() {
    RefusalLog.refused(Refusal.UNTRUSTED_TRACE, "4bf92f3577b34da6a3ce929d0e0e4736", "10.0.0.7");

    assertThat(appender.list).hasSize(1);
    ILoggingEvent event = appender.list.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.WARN);
    assertThat(event.getFormattedMessage())
        .isEqualTo(
            "ContextKit refused a request: status=403 reason=untrusted-trace"
                + " request_id=4bf92f3577b34da6a3ce929d0e0e4736 peer=10.0.0.7");
  }

  @Test
  void countsEachRefusalOnItsOwnCounter() {
    ContextCounters counters = ContextKit.counters();
    long malformed = counters.get(ContextCounters.Counter.TRACE_REFUSED_MALFORMED);
    long disabled = counters.get(ContextCounters.Counter.TRACE_REFUSED_DISABLED);
    long unguarded = counters.get(ContextCounters.Counter.TRACE_REFUSED_UNGUARDED);

    RefusalLog.refused(Refusal.MALFORMED_REQUEST_TYPE, "r1", "::1");
    RefusalLog.refused(Refusal.TRACE_DISABLED, "r2", "::1");
    RefusalLog.refused(Refusal.TRACE_DISABLED, "r3", "::1");

    assertThat(counters.get(ContextCounters.Counter.TRACE_REFUSED_MALFORMED))
        .isEqualTo(malformed + 1);
    assertThat(counters.get(ContextCounters.Counter.TRACE_REFUSED_DISABLED))
        .isEqualTo(disabled + 2);
    assertThat(counters.get(ContextCounters.Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(unguarded);
  }

  @Test
  void everyReasonHasItsStatusAndAStableName() {
    assertThat(List.of(Refusal.values()))
        .extracting(r -> r.status() + " " + r.reason() + " " + r.counter().metricName())
        .containsExactly(
            "400 malformed-request-type trace.refused-malformed",
            "403 untrusted-trace trace.refused-untrusted",
            "503 trace-disabled trace.refused-disabled",
            "503 unguarded-channels trace.refused-unguarded");
  }

  @Test
  void valuesThatCouldBreakOrForgeTheLineAreEscaped() {
    String line =
        RefusalLog.line(
            Refusal.TRACE_DISABLED, "id\r\nContextKit refused a request: x", "1.2.3.4 peer=evil\"");

    assertThat(line)
        .isEqualTo(
            "ContextKit refused a request: status=503 reason=trace-disabled"
                + " request_id=id\\x0d\\x0aContextKit\\x20refused\\x20a\\x20request:\\x20x"
                + " peer=1.2.3.4\\x20peer=evil\\x22");
    assertThat(line).doesNotContain("\n", "\r", " peer=evil");
  }

  @Test
  void ipv6PeersAndUnicodeAreKeptReadable() {
    assertThat(RefusalLog.line(Refusal.TRACE_DISABLED, "ré", "[::1]"))
        .endsWith("request_id=r\\xe9 peer=[::1]");
    assertThat(RefusalLog.line(Refusal.TRACE_DISABLED, "\u2028", null))
        .endsWith("request_id=\\u2028 peer=-");
  }

  @Test
  void missingValuesAreADashAndLongOnesAreCut() {
    String line = RefusalLog.line(Refusal.MALFORMED_REQUEST_TYPE, null, "a".repeat(500));

    assertThat(line).contains("request_id=- ");
    assertThat(line).endsWith("peer=" + "a".repeat(RefusalLog.MAX_VALUE) + "...");
  }
}
