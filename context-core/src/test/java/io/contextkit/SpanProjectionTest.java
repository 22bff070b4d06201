package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

class SpanProjectionTest {

  @Test
  void writesContextFieldsAndFlagsOnTheActiveSpan() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Tracer tracer = provider.get("test");
      Span span = tracer.spanBuilder("request").startSpan();
      try (Scope s = span.makeCurrent()) {
        RequestContext ctx =
            RequestContext.builder()
                .trace(span.getSpanContext())
                .requestId("req-1")
                .userId("alice")
                .tester(true)
                .build();
        try (ContextScope scope = ctx.makeCurrent()) {
          ctx.recordFlagEvaluation(new FlagEvaluation("new-pricing", "on", "STATIC"));
          assertThat(RequestContext.current().traceId())
              .isEqualTo(span.getSpanContext().getTraceId());
        }
      } finally {
        span.end();
      }
      SpanData data = exporter.getFinishedSpanItems().get(0);
      assertThat(data.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("alice");
      assertThat(data.getAttributes().get(AttributeKey.stringKey("request_id"))).isEqualTo("req-1");
      assertThat(data.getAttributes().get(AttributeKey.stringKey("tester"))).isEqualTo("true");
      assertThat(data.getAttributes().get(AttributeKey.stringKey("feature_flags")))
          .isEqualTo("new-pricing=on");
      assertThat(data.getAttributes().get(AttributeKey.stringKey("trace_id"))).isNull();
    }
  }

  @Test
  void doesNothingWithoutARecordingSpan() {
    RequestContext ctx = RequestContext.builder().requestId("req-1").build();
    try (ContextScope scope = ctx.makeCurrent()) {
      assertThat(Span.current().isRecording()).isFalse();
    }
  }
}
