package io.contextkit.spring.autoconfigure.trace;

import static io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport.userContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The report a consumer of a TRACE message publishes when its unit of work ends. */
class TraceReportsConsumedTest {

  private ConsumerReportCapture reports;

  @BeforeEach
  void captureReports() {
    reports = new ConsumerReportCapture();
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

  @Test
  void logsOneEventWithTheFullReportAndWhereTheMessageCameFrom() {
    RequestContext trace = userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
    trace
        .sideEffects()
        .record(new SideEffect(SideEffect.Kind.MESSAGE, "partner.out", "captured, not published"));

    TraceReports.publishConsumed(trace, "kafka", "ck.work", "worker");

    assertThat(reports.from("ck.work"))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.attributes())
                  .containsEntry("trace.committed", "false")
                  .containsEntry("trace.messages", 1L)
                  .containsEntry(TraceReports.CONSUMER_SYSTEM, "kafka")
                  .containsEntry(TraceReports.CONSUMER_LISTENER, "worker");
              assertThat(event.effects())
                  .containsExactly("MESSAGE partner.out: captured, not published");
              assertThat(event.message()).contains(trace.requestId());
            });
  }

  @Test
  void leavesTheListenerOutWhenItIsUnknown() {
    RequestContext trace = userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();

    TraceReports.publishConsumed(trace, "rabbitmq", "ck.queue", null);

    assertThat(reports.from("ck.queue"))
        .singleElement()
        .satisfies(
            event ->
                assertThat(event.attributes())
                    .containsEntry("trace.transactions", 0L)
                    .doesNotContainKey(TraceReports.CONSUMER_LISTENER));
  }

  @Test
  void publishesNothingForAStandardMessage() {
    RequestContext standard = userContext("stan");
    standard
        .sideEffects()
        .record(new SideEffect(SideEffect.Kind.MESSAGE, "partner.out", "published"));

    TraceReports.publishConsumed(standard, "jms", "ck.standard", "worker");

    assertThat(reports.from("ck.standard")).isEmpty();
  }

  @Test
  void putsTheReportOnTheRecordingSpan() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    List<SpanData> finished;
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
      RequestContext trace =
          userContext("tracy").toBuilder().requestType(RequestType.TRACE).build();
      trace
          .sideEffects()
          .record(new SideEffect(SideEffect.Kind.MESSAGE, "partner.out", "captured"));
      Span span = provider.get("test").spanBuilder("process ck.work").startSpan();
      try (Scope scope = span.makeCurrent()) {
        TraceReports.publishConsumed(trace, "jms", "ck.work", "worker");
      } finally {
        span.end();
      }
      // Read before closing: the exporter forgets its spans on shutdown.
      finished = spans.getFinishedSpanItems();
    }

    assertThat(finished).hasSize(1);
    assertThat(finished.get(0).getAttributes().get(AttributeKey.stringKey("trace.committed")))
        .isEqualTo("false");
    assertThat(finished.get(0).getAttributes().get(AttributeKey.longKey("trace.messages")))
        .isEqualTo(1L);
    assertThat(
            finished
                .get(0)
                .getAttributes()
                .get(AttributeKey.stringKey(TraceReports.CONSUMER_DESTINATION)))
        .isEqualTo("ck.work");
    assertThat(finished.get(0).getAttributes().get(AttributeKey.stringArrayKey("trace.effects")))
        .containsExactly("MESSAGE partner.out: captured");
  }
}
