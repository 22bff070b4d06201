package io.contextkit.quarkus.runtime.internal;

import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Whether quarkus-opentelemetry's tracer writes the W3C trace context of every REST client call.
 * Its Vert.x HTTP client instrumentation adds {@code traceparent} (naming the call's client span)
 * below the Jakarta REST filters, after the header ContextKit's filter set, so the call would carry
 * two. When the tracer writes it, {@link ClientContextFilter} leaves {@code traceparent} and {@code
 * tracestate} to the tracer and writes the rest of the context.
 *
 * <p>Registered only when the application has the tracer (quarkus-opentelemetry with traces on);
 * then the tracer writes the trace context unless its SDK is disabled at run time ({@code
 * quarkus.otel.sdk.disabled}) or {@code quarkus.otel.propagators} leaves out {@code tracecontext}.
 */
@Singleton
public final class TracerTraceContext {

  private final boolean written;

  /** Reads the tracer's configuration once. */
  public TracerTraceContext() {
    Config config = ConfigProvider.getConfig();
    boolean disabled =
        config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false);
    List<String> propagators =
        config
            .getOptionalValues("quarkus.otel.propagators", String.class)
            .orElse(List.of("tracecontext"));
    this.written = !disabled && propagators.contains("tracecontext");
  }

  /** Whether the tracer writes {@code traceparent} and {@code tracestate} on client calls. */
  public boolean written() {
    return written;
  }
}
