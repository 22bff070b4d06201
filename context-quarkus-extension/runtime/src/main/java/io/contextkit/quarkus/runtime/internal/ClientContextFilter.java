package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.w3c.HeaderSetter;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.jspecify.annotations.Nullable;

/**
 * Writes the current {@link RequestContext} onto every REST client request, as the trust policy
 * allows for its destination: internal hosts get the whole context, third parties at most {@code
 * traceparent} and {@code tracestate} ({@code quarkus.contextkit.trust.third-party-policy}).
 * Registered for all clients as a global {@link Provider}. Under quarkus-opentelemetry's tracer the
 * tracer writes {@code traceparent} and {@code tracestate} ({@link TracerTraceContext}).
 *
 * <p>Each call is also counted in the runtime dependency map, timed from this request filter to the
 * response filter.
 *
 * <p>The current context is the thread's; when the call starts where no scope is open (a callback
 * on the request's event loop) the context stored in the request's Vert.x duplicated context is
 * used.
 */
@Provider
public final class ClientContextFilter implements ClientRequestFilter, ClientResponseFilter {

  /** The request property holding when the request left ({@link System#nanoTime()}). */
  static final String START_PROPERTY = "io.contextkit.dependency-start";

  private volatile @Nullable ContextPropagator propagator;
  private volatile @Nullable HeaderSetter<ClientRequestContext> setter;

  /** Created by the REST client runtime. */
  public ClientContextFilter() {}

  @Override
  public void filter(ClientRequestContext request) {
    propagator().inject(currentContext(), request, setter(), request.getUri());
    request.setProperty(START_PROPERTY, System.nanoTime());
  }

  /**
   * Records the call in the runtime dependency map ({@link ContextKit#dependencies()}) when its
   * response arrives: an error is a 5xx answer. A call that fails before any response (connection
   * refused) reaches no response filter and is not counted. A TRACE call the guard answered with
   * its synthetic response ({@code Trace-Suppressed: true}) was counted by the guard, as synthetic.
   */
  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    Object start = request.getProperty(START_PROPERTY);
    long latency = start instanceof Long nanos ? System.nanoTime() - nanos : -1;
    boolean trace = currentContext().isTrace();
    if (trace && "true".equals(response.getHeaderString(SyntheticResponse.SUPPRESSED_HEADER))) {
      // The TRACE guard answered with its synthetic response and counted the call itself.
      return;
    }
    ContextKit.dependencies()
        .http(request.getUri(), propagator().trustPolicy().internalHosts())
        .record(latency, response.getStatus() >= 500, trace);
  }

  private HeaderSetter<ClientRequestContext> setter() {
    HeaderSetter<ClientRequestContext> s = setter;
    if (s == null) {
      InstanceHandle<TracerTraceContext> tracer =
          Arc.container().instance(TracerTraceContext.class);
      s =
          tracer.isAvailable() && tracer.get().written()
              ? RequestHeaders.CLIENT_WITHOUT_TRACE_CONTEXT
              : RequestHeaders.CLIENT;
      setter = s;
    }
    return s;
  }

  private ContextPropagator propagator() {
    ContextPropagator p = propagator;
    if (p == null) {
      // Providers are not always CDI beans; the propagator bean is looked up once.
      p = Arc.container().instance(ContextPropagator.class).get();
      propagator = p;
    }
    return p;
  }

  /**
   * The context of the call: the thread's, else the one stored in the request's Vert.x duplicated
   * context.
   */
  static RequestContext currentContext() {
    return RequestContexts.current();
  }
}
