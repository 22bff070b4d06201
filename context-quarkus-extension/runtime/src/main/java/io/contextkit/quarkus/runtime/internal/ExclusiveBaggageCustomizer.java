package io.contextkit.quarkus.runtime.internal;

import io.contextkit.internal.ExclusiveBaggagePropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;
import jakarta.inject.Singleton;

/**
 * Keeps every propagator that quarkus-opentelemetry configures ({@code quarkus.otel.propagators},
 * by default {@code tracecontext,baggage}) off baggage ({@link ExclusiveBaggagePropagator}). The
 * OpenTelemetry SDK of the application, and with it the instrumentation of the HTTP server, the
 * REST client and the Vert.x HTTP client, propagates through these propagators. Registered only
 * when the application has quarkus-opentelemetry and {@code
 * quarkus.contextkit.tracing.exclusive-baggage} is true.
 */
@Singleton
public final class ExclusiveBaggageCustomizer implements TextMapPropagatorCustomizer {

  /** Created by CDI. */
  public ExclusiveBaggageCustomizer() {}

  @Override
  public TextMapPropagator customize(Context context) {
    return ExclusiveBaggagePropagator.wrap(context.propagator());
  }
}
