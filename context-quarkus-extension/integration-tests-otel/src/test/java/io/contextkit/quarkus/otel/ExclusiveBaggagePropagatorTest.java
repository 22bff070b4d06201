package io.contextkit.quarkus.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.runtime.internal.ExclusiveBaggagePropagator;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The wrapper alone, around the propagators quarkus-opentelemetry configures by default. */
class ExclusiveBaggagePropagatorTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

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

  private static final TextMapPropagator TRACE_CONTEXT = W3CTraceContextPropagator.getInstance();
  private static final TextMapPropagator BAGGAGE = W3CBaggagePropagator.getInstance();

  @Test
  void baggagePropagatorExtractsNothing() {
    Map<String, String> inbound = Map.of("baggage", "user_id=admin,account_id=evil");

    Context extracted =
        ExclusiveBaggagePropagator.wrap(BAGGAGE).extract(Context.root(), inbound, GETTER);

    assertThat(Baggage.fromContext(extracted).isEmpty()).isTrue();
    // The unwrapped propagator would take both entries.
    assertThat(Baggage.fromContext(BAGGAGE.extract(Context.root(), inbound, GETTER)).size())
        .isEqualTo(2);
  }

  @Test
  void extractionKeepsTheBaggageTheContextHad() {
    Baggage own = Baggage.builder().put("region", "eu").build();

    Context extracted =
        ExclusiveBaggagePropagator.wrap(BAGGAGE)
            .extract(Context.root().with(own), Map.of("baggage", "user_id=admin"), GETTER);

    assertThat(Baggage.fromContext(extracted).asMap()).containsOnlyKeys("region");
  }

  @Test
  void traceContextPropagatorStillExtractsTheCallersSpan() {
    Map<String, String> inbound =
        Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "baggage", "user_id=a");

    Context extracted =
        ExclusiveBaggagePropagator.wrap(TRACE_CONTEXT).extract(Context.root(), inbound, GETTER);

    assertThat(Span.fromContext(extracted).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(Span.fromContext(extracted).getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
  }

  @Test
  void injectsTheTraceContextButNoBaggage() {
    Context context =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.create(
                        TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())))
            .with(Baggage.builder().put("user_id", "admin").build());
    Map<String, String> outbound = new HashMap<>();

    TextMapPropagator.composite(
            ExclusiveBaggagePropagator.wrap(TRACE_CONTEXT),
            ExclusiveBaggagePropagator.wrap(BAGGAGE))
        .inject(context, outbound, SETTER);

    assertThat(outbound).containsOnlyKeys("traceparent");
    assertThat(outbound.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
  }

  @Test
  void fieldsLeaveOutBaggage() {
    assertThat(ExclusiveBaggagePropagator.wrap(BAGGAGE).fields()).isEmpty();
    assertThat(ExclusiveBaggagePropagator.wrap(TRACE_CONTEXT).fields())
        .containsExactlyInAnyOrder("traceparent", "tracestate");
  }

  @Test
  void wrapsOnce() {
    TextMapPropagator wrapped = ExclusiveBaggagePropagator.wrap(BAGGAGE);

    assertThat(ExclusiveBaggagePropagator.wrap(wrapped)).isSameAs(wrapped);
  }
}
