package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ExclusiveBaggagePropagatorTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static final TextMapSetter<Map<String, String>> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.put(key, value);
        }
      };

  /** What Spring Boot's tracing propagates by default: W3C trace context and W3C baggage. */
  private static final TextMapPropagator BOOTS_DEFAULT =
      TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  private final TextMapPropagator exclusive = ExclusiveBaggagePropagator.wrap(BOOTS_DEFAULT);

  @Test
  void extractsTheTraceContextButNoBaggage() {
    Map<String, String> inbound =
        Map.of("traceparent", TRACEPARENT, "baggage", "user_id=admin,account_id=evil");

    Context extracted = exclusive.extract(Context.root(), inbound, GETTER);

    SpanContext remote = Span.fromContext(extracted).getSpanContext();
    assertThat(remote.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(remote.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(Baggage.fromContext(extracted).isEmpty()).isTrue();
    // The same carrier through the unwrapped propagator: the baggage would be taken.
    assertThat(Baggage.fromContext(BOOTS_DEFAULT.extract(Context.root(), inbound, GETTER)).size())
        .isEqualTo(2);
  }

  // Quarkus' OpenTelemetry extension wraps each configured propagator on its own.
  @Test
  void baggagePropagatorWrappedAloneExtractsNothing() {
    TextMapPropagator baggage = W3CBaggagePropagator.getInstance();
    Map<String, String> inbound = Map.of("baggage", "user_id=admin,account_id=evil");

    Context extracted =
        ExclusiveBaggagePropagator.wrap(baggage).extract(Context.root(), inbound, GETTER);

    assertThat(Baggage.fromContext(extracted).isEmpty()).isTrue();
    assertThat(Baggage.fromContext(baggage.extract(Context.root(), inbound, GETTER)).size())
        .isEqualTo(2);
  }

  @Test
  void traceContextPropagatorWrappedAloneStillExtractsTheCallersSpan() {
    Map<String, String> inbound = Map.of("traceparent", TRACEPARENT, "baggage", "user_id=a");

    Context extracted =
        ExclusiveBaggagePropagator.wrap(W3CTraceContextPropagator.getInstance())
            .extract(Context.root(), inbound, GETTER);

    assertThat(Span.fromContext(extracted).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(Span.fromContext(extracted).getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
    assertThat(Baggage.fromContext(extracted).isEmpty()).isTrue();
  }

  @Test
  void extractionKeepsTheBaggageTheContextAlreadyHad() {
    Baggage own = Baggage.builder().put("region", "eu").build();

    Context extracted =
        exclusive.extract(Context.root().with(own), Map.of("baggage", "user_id=admin"), GETTER);

    assertThat(Baggage.fromContext(extracted).asMap()).containsOnlyKeys("region");
  }

  @Test
  void injectsTheTraceContextButNoBaggage() {
    Context context =
        Context.root()
            .with(Span.wrap(sampled()))
            .with(Baggage.builder().put("user_id", "admin").build());
    Map<String, String> outbound = new HashMap<>();

    exclusive.inject(context, outbound, SETTER);

    assertThat(outbound).containsOnlyKeys("traceparent");
    assertThat(outbound.get("traceparent")).startsWith("00-" + TRACE_ID + "-" + SPAN_ID);
  }

  @Test
  void injectsUnchangedWhenThereIsNoBaggage() {
    Map<String, String> outbound = new HashMap<>();

    exclusive.inject(Context.root().with(Span.wrap(sampled())), outbound, SETTER);

    assertThat(outbound).containsOnlyKeys("traceparent");
  }

  @Test
  void fieldsLeaveOutBaggage() {
    assertThat(BOOTS_DEFAULT.fields()).contains("baggage");
    assertThat(exclusive.fields()).containsExactlyInAnyOrder("traceparent", "tracestate");
  }

  @Test
  void wrapsOnce() {
    assertThat(ExclusiveBaggagePropagator.wrap(exclusive)).isSameAs(exclusive);
    ContextPropagators propagators =
        ExclusiveBaggagePropagator.wrap(ContextPropagators.create(BOOTS_DEFAULT));
    assertThat(propagators.getTextMapPropagator()).isInstanceOf(ExclusiveBaggagePropagator.class);
    assertThat(ExclusiveBaggagePropagator.wrap(propagators)).isSameAs(propagators);
  }

  private static SpanContext sampled() {
    return SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
  }
}
