package io.contextkit.quarkus.otel;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Keeps the application's finished spans in memory: Quarkus adds every {@link SpanProcessor} bean
 * to its tracer provider. The exporter bean is typed as itself only, so that no Quarkus exporter
 * wiring takes it for a {@code SpanExporter} of its own.
 */
public class SpanCapture {

  @Produces
  @Singleton
  @Typed(InMemorySpanExporter.class)
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }

  @Produces
  @Singleton
  SpanProcessor processor(InMemorySpanExporter exporter) {
    return SimpleSpanProcessor.create(exporter);
  }
}
