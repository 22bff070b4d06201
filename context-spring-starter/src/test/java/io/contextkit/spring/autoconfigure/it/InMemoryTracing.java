package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Boot's tracing auto-configuration sets up with Micrometer Tracing's OpenTelemetry bridge, by
 * hand (so that the other tests' applications stay span-free): an OpenTelemetry SDK exporting to
 * memory, the bridge's tracer and W3C propagator, and one first-matching tracing observation
 * handler for Spring's server and client observations.
 */
@Configuration(proxyBeanMethods = false)
public class InMemoryTracing {

  /** Every span the applications using this configuration finished. */
  public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetrySdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  @Bean
  Tracer tracer(OpenTelemetrySdk sdk) {
    return new OtelTracer(
        sdk.getTracer("contextkit-it"), new OtelCurrentTraceContext(), event -> {});
  }

  @Bean
  ObservationHandler<Observation.Context> tracingObservationHandler(
      Tracer tracer, OpenTelemetrySdk sdk) {
    Propagator propagator =
        new OtelPropagator(sdk.getPropagators(), sdk.getTracer("contextkit-it"));
    return new ObservationHandler.FirstMatchingCompositeObservationHandler(
        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
        new DefaultTracingObservationHandler(tracer));
  }

  /** The one finished server span of the requests to {@code uri} since the last reset. */
  public static SpanData serverSpan(String uri) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> found =
          SPANS.getFinishedSpanItems().stream()
              .filter(s -> s.getKind() == SpanKind.SERVER)
              .filter(s -> uri.equals(s.getAttributes().get(AttributeKey.stringKey("uri"))))
              .toList();
      if (!found.isEmpty() || System.nanoTime() > deadline) {
        assertThat(found).as("server spans of %s", uri).hasSize(1);
        return found.get(0);
      }
      Thread.sleep(20);
    }
  }
}
