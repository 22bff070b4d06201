package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.Refusal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refusal line and counter every stack writes, through the JDK's platform logger (here plain
 * java.util.logging; the frameworks route it to their own logging).
 */
class RefusalLogTest {

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    Logger.getLogger(RefusalLog.LOGGER).addHandler(handler);
  }

  @AfterEach
  void release() {
    Logger.getLogger(RefusalLog.LOGGER).removeHandler(handler);
  }

  @Test
  void namesTheExpectedAuthoritiesEscapedAndSeparable() {
    RefusalLog.refused(
        Refusal.UNTRUSTED_TRACE,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "10.0.0.7",
        List.of("CONTEXTKIT_TRACE", "ROLE_CONTEXTKIT_TRACE", "odd name|x"));

    assertThat(records)
        .singleElement()
        .extracting(LogRecord::getMessage)
        .isEqualTo(
            "ContextKit refused a request: status=403 reason=untrusted-trace"
                + " request_id=4bf92f3577b34da6a3ce929d0e0e4736 peer=10.0.0.7"
                + " expected_authority=CONTEXTKIT_TRACE|ROLE_CONTEXTKIT_TRACE|odd\\x20name\\x7cx");
  }

  @Test
  void writesOneWarnLineWithStatusReasonRequestIdAndPeer() {
    RefusalLog.refused(Refusal.UNTRUSTED_TRACE, "4bf92f3577b34da6a3ce929d0e0e4736", "10.0.0.7");

    assertThat(records).hasSize(1);
    LogRecord record = records.get(0);
    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
    assertThat(record.getMessage())
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
