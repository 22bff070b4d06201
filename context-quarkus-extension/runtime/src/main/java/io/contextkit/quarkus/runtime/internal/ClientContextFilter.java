package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.w3c.HeaderSetter;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.jspecify.annotations.Nullable;

/**
 * Writes the current {@link RequestContext} onto every REST client request, as the trust policy
 * allows for its destination: internal hosts get the whole context, third parties at most {@code
 * traceparent} and {@code tracestate} ({@code quarkus.contextkit.trust.third-party-policy}).
 * Registered for all clients as a global {@link Provider}. Under quarkus-opentelemetry's tracer the
 * tracer writes {@code traceparent} and {@code tracestate} ({@link TracerTraceContext}).
 *
 * <p>The current context is the thread's; when the call starts where no scope is open (a callback
 * on the request's event loop) the context stored in the request's Vert.x duplicated context is
 * used.
 */
@Provider
public final class ClientContextFilter implements ClientRequestFilter {

  private volatile @Nullable ContextPropagator propagator;
  private volatile @Nullable HeaderSetter<ClientRequestContext> setter;

  /** Created by the REST client runtime. */
  public ClientContextFilter() {}

  @Override
  public void filter(ClientRequestContext request) {
    propagator().inject(currentContext(), request, setter(), request.getUri());
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
