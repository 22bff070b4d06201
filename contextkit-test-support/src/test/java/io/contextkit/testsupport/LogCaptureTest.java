package io.contextkit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogCaptureTest {

  @Test
  void theLogbackCaptureKeepsMessageArgumentsMdcAndKeyValuesAsLogged() throws Exception {
    org.slf4j.Logger logger = LoggerFactory.getLogger("contextkit.capture.test");
    try (LogbackCapture capture = LogbackCapture.attach("contextkit.capture")) {
      MDC.put("request_id", "r-1");
      try {
        logger.atInfo().addKeyValue("trace.messages", 2L).log("sent {}", "order");
      } finally {
        MDC.remove("request_id");
      }
      LoggerFactory.getLogger("elsewhere").info("not captured");

      LogLine line =
          capture.await(l -> l.formatted().equals("sent order"), 1, Duration.ZERO).get(0);
      assertThat(line.message()).isEqualTo("sent {}");
      assertThat(line.logger()).isEqualTo("contextkit.capture.test");
      assertThat(line.level()).isEqualTo("INFO");
      assertThat(line.mdc()).containsEntry("request_id", "r-1");
      assertThat(line.keyValues()).containsEntry("trace.messages", 2L);
      assertThat(capture.messages()).containsExactly("sent order");
      capture.clear();
      assertThat(capture.lines()).isEmpty();
    }
    logger.info("after close");
  }

  @Test
  void theJulCaptureKeepsOnlyItsCategoryAndFormatsTheMessage() {
    Logger logger = Logger.getLogger("contextkit.jul.test.child");
    try (JulLogCapture capture = JulLogCapture.onRoot("contextkit.jul.test", () -> "probe")) {
      logger.log(Level.WARNING, "refused {0}", "write");
      Logger.getLogger("contextkit.jul.testing").warning("a sibling, not a child");

      assertThat(capture.lines()).hasSize(1);
      LogLine line = capture.lines().get(0);
      assertThat(line.message()).isEqualTo("refused {0}");
      assertThat(line.formatted()).isEqualTo("refused write");
      assertThat(line.level()).isEqualTo("WARNING");
      assertThat(line.probe()).isEqualTo("probe");
      assertThat(line.thread()).isEqualTo(Thread.currentThread().getName());
    }
    logger.warning("after close");
    assertThat(JulLogCapture.onLogger("contextkit.jul.test").lines()).isEmpty();
  }
}
