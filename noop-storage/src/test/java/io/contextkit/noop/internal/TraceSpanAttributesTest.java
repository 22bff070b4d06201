package io.contextkit.noop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.SideEffect;
import io.contextkit.SideEffect.Kind;
import io.contextkit.SideEffectReport;
import io.contextkit.noop.TraceReport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceSpanAttributesTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

  @AfterEach
  void shutDown() {
    tracing.close();
  }

  private Attributes recorded(Map<String, ?> attributes) {
    Span span = tracing.get("test").spanBuilder("report").startSpan();
    TraceSpanAttributes.put(span, attributes);
    span.end();
    return exporter.getFinishedSpanItems().get(0).getAttributes();
  }

  @Test
  void putsCountsAsLongsEffectsAsAStringArrayAndTheRestAsStrings() {
    List<SideEffect> effects =
        List.of(
            new SideEffect(Kind.STATEMENT, "orders", "INSERT orders"),
            new SideEffect(Kind.MESSAGE, "ck.out", "captured"));
    TraceReport report =
        TraceReport.from(
            new SideEffectReport(effects, Map.of(Kind.STATEMENT, 1L, Kind.MESSAGE, 1L), 0));

    Attributes attributes = recorded(report.attributes());

    assertThat(attributes.get(AttributeKey.stringKey("trace.committed"))).isEqualTo("false");
    assertThat(attributes.get(AttributeKey.longKey("trace.statements"))).isEqualTo(1L);
    assertThat(attributes.get(AttributeKey.longKey("trace.violations"))).isEqualTo(0L);
    assertThat(attributes.get(AttributeKey.stringArrayKey("trace.effects")))
        .containsExactly("STATEMENT orders: INSERT orders", "MESSAGE ck.out: captured");
    assertThat(attributes.size()).isEqualTo(report.attributes().size());
  }

  @Test
  void writesValuesOfOtherTypesAndListElementsByStringValueOf() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("trace.consumer.system", "kafka");
    attributes.put("count", 3);
    attributes.put("lines", List.of(1, "two"));

    Attributes recorded = recorded(attributes);

    assertThat(recorded.get(AttributeKey.stringKey("trace.consumer.system"))).isEqualTo("kafka");
    assertThat(recorded.get(AttributeKey.stringKey("count"))).isEqualTo("3");
    assertThat(recorded.get(AttributeKey.stringArrayKey("lines"))).containsExactly("1", "two");
  }

  @Test
  void leavesASpanThatIsNotRecordingAlone() {
    List<String> calls = new ArrayList<>();
    // A span that would remember any write; it is not recording, so none may reach it.
    Span notRecording =
        (Span)
            Proxy.newProxyInstance(
                Span.class.getClassLoader(),
                new Class<?>[] {Span.class},
                (proxy, method, args) -> {
                  calls.add(method.getName());
                  return method.getName().equals("isRecording") ? false : proxy;
                });

    TraceSpanAttributes.put(notRecording, Map.of("trace.committed", "false", "trace.dropped", 0L));

    assertThat(calls).containsExactly("isRecording");
  }
}
