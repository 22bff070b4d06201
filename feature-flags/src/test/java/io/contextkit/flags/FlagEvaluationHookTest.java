package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.contextkit.ContextScope;
import io.contextkit.FlagEvaluation;
import io.contextkit.RequestContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlagEvaluationHookTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Tracer tracer = tracerProvider.get("test");
  private OpenFeatureAPI api;
  private Client client;

  @BeforeEach
  void setUp() {
    api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(new ContextKitFlagProvider(ContextKitFlagProviderTest.semantics()));
    api.setTransactionContextPropagator(new RequestContextEvaluationContext());
    api.addHooks(new FlagEvaluationHook());
    client = api.getClient();
  }

  @AfterEach
  void tearDown() {
    api.shutdown();
    tracerProvider.close();
  }

  @Test
  void recordsEachEvaluationOnTheRequestContextOncePerKey() {
    RequestContext request = RequestContext.builder().userId("jane@company.com").build();
    try (ContextScope scope = request.makeCurrent()) {
      client.getBooleanValue("static-flag", false);
      client.getStringValue("fractional-flag-shorthand", "x");
      client.getBooleanValue("static-flag", false);
      client.getStringValue("no-such-flag", "x");
      client.getIntegerValue("static-flag", 3);
    }
    assertThat(request.flagEvaluations())
        .containsExactly(
            new FlagEvaluation("static-flag", null, "ERROR"),
            new FlagEvaluation("fractional-flag-shorthand", "tails", "TARGETING_MATCH"),
            new FlagEvaluation("no-such-flag", null, "ERROR"));
    assertThat(request.flagsInEffect()).contains("fractional-flag-shorthand=tails");
  }

  @Test
  void recordsNothingOutsideARequest() {
    client.getBooleanValue("static-flag", false);
    assertThat(RequestContext.current().flagEvaluations()).isEmpty();
  }

  @Test
  void emitsAFeatureFlagEvaluationEventWithTheSemanticConventionAttributes() {
    RequestContext request = RequestContext.builder().userId("jon@company.com").build();
    Span span = tracer.spanBuilder("request").startSpan();
    try (Scope otel = span.makeCurrent();
        ContextScope scope = request.makeCurrent()) {
      client.getBooleanValue("static-flag", false);
      client.getStringValue("fractional-flag-shorthand", "x");
      client.getStringValue("no-such-flag", "x");
    } finally {
      span.end();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    List<EventData> events = spans.get(0).getEvents();
    assertThat(events).extracting(EventData::getName).containsOnly("feature_flag.evaluation");
    assertThat(events).hasSize(3);

    Attributes first = events.get(0).getAttributes();
    assertThat(first.get(FlagEvaluationHook.KEY)).isEqualTo("static-flag");
    assertThat(first.get(FlagEvaluationHook.PROVIDER)).isEqualTo("contextkit");
    assertThat(first.get(FlagEvaluationHook.VARIANT)).isEqualTo("on");
    assertThat(first.get(FlagEvaluationHook.REASON)).isEqualTo("static");
    assertThat(first.get(FlagEvaluationHook.CONTEXT_ID)).isEqualTo("jon@company.com");
    assertThat(first.get(FlagEvaluationHook.SET_ID)).isEqualTo("semantics");
    assertThat(first.get(FlagEvaluationHook.VERSION)).isEqualTo("8");
    assertThat(first.get(FlagEvaluationHook.ERROR_TYPE)).isNull();

    Attributes second = events.get(1).getAttributes();
    assertThat(second.get(FlagEvaluationHook.VARIANT)).isEqualTo("heads");
    assertThat(second.get(FlagEvaluationHook.REASON)).isEqualTo("targeting_match");

    Attributes third = events.get(2).getAttributes();
    assertThat(third.get(FlagEvaluationHook.KEY)).isEqualTo("no-such-flag");
    assertThat(third.get(FlagEvaluationHook.REASON)).isEqualTo("error");
    assertThat(third.get(FlagEvaluationHook.ERROR_TYPE)).isEqualTo("flag_not_found");
    assertThat(third.get(FlagEvaluationHook.ERROR_MESSAGE)).isNotBlank();
    assertThat(third.get(FlagEvaluationHook.VARIANT)).isNull();
  }
}
