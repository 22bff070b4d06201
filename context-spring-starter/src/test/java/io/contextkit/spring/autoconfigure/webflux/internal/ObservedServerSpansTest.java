package io.contextkit.spring.autoconfigure.webflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Reads the server span a real OpenTelemetry SDK, behind Micrometer Tracing's bridge, started. */
class ObservedServerSpansTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final ObservedServerSpans serverSpans = new ObservedServerSpans();

  @AfterEach
  void close() {
    provider.close();
  }

  private static ObservationRegistry tracing(SdkTracerProvider provider) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new DefaultTracingObservationHandler(
                new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {})));
    return registry;
  }

  /** An exchange whose observation, started with {@code registry}, Spring would have set up. */
  private static Observation observe(MockServerWebExchange exchange, ObservationRegistry registry) {
    ServerRequestObservationContext context =
        new ServerRequestObservationContext(
            exchange.getRequest(), exchange.getResponse(), exchange.getAttributes());
    exchange
        .getAttributes()
        .put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
    return Observation.createNotStarted("http.server.requests", () -> context, registry).start();
  }

  private static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.get("/ctx"));
  }

  @Test
  void idsAreThoseOfTheObservationsSpanAndTheSpanReceivesTheFields() {
    MockServerWebExchange exchange = exchange();
    Observation observation = observe(exchange, tracing(provider));

    SpanContext ids = serverSpans.ids(exchange);
    serverSpans.annotate(
        exchange,
        RequestContext.builder()
            .traceId("0af7651916cd43dd8448eb211c80319c")
            .parentId("b7ad6b7169203331")
            .requestId("r-1")
            .userId("alice")
            .build());
    observation.stop();

    SpanData finished = spans.getFinishedSpanItems().get(0);
    assertThat(ids.isValid()).isTrue();
    assertThat(ids.getTraceId()).isEqualTo(finished.getTraceId());
    assertThat(ids.getSpanId()).isEqualTo(finished.getSpanId());
    assertThat(ids.isSampled()).isTrue();
    assertThat(finished.getAttributes().get(AttributeKey.stringKey("request_id"))).isEqualTo("r-1");
    assertThat(finished.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("alice");
    // The span's ids are its own: the context's trace fields are not copied onto it.
    assertThat(finished.getAttributes().get(AttributeKey.stringKey("trace_id"))).isNull();
    assertThat(finished.getAttributes().get(AttributeKey.stringKey("parent_id"))).isNull();
  }

  @Test
  void noSpanWhenTheExchangeIsNotObserved() {
    MockServerWebExchange exchange = exchange();

    assertThat(serverSpans.ids(exchange).isValid()).isFalse();
    serverSpans.annotate(exchange, RequestContext.builder().requestId("r-1").build());
  }

  @Test
  void noSpanWhenTheObservationHasNoTracer() {
    MockServerWebExchange exchange = exchange();
    Observation observation = observe(exchange, ObservationRegistry.create());

    assertThat(serverSpans.ids(exchange).isValid()).isFalse();
    serverSpans.annotate(exchange, RequestContext.builder().requestId("r-1").build());
    observation.stop();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }
}
