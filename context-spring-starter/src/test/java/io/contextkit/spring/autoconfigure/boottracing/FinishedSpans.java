package io.contextkit.spring.autoconfigure.boottracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;

/**
 * The spans one application finished, kept in memory. Its {@link #processor()} is declared as a
 * {@code SpanProcessor} bean, which Boot's tracing auto-configuration adds to the SDK tracer
 * provider next to its own; the exporter itself is no bean, so Boot's batch processor does not
 * export the spans a second time.
 */
final class FinishedSpans {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  SpanProcessor processor() {
    return SimpleSpanProcessor.create(exporter);
  }

  void reset() {
    exporter.reset();
  }

  /** The one finished server span of trace {@code traceId}, waiting for it up to ten seconds. */
  SpanData serverSpanOf(String traceId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> found =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getKind() == SpanKind.SERVER)
              .filter(s -> s.getTraceId().equals(traceId))
              .toList();
      if (!found.isEmpty() || System.nanoTime() > deadline) {
        assertThat(found).as("server spans of trace %s", traceId).hasSize(1);
        return found.get(0);
      }
      Thread.sleep(20);
    }
  }
}
