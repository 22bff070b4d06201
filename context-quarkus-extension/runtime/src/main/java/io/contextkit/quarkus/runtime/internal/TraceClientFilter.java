package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.noop.TraceReport;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.W3CHeaders;
import io.quarkus.arc.Arc;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies the {@link OutboundTraceGuard} to every REST client call of a TRACE request (a global
 * {@link Provider}, after {@link ClientContextFilter}): third parties are not called — the call is
 * aborted with the configured synthetic response; safe third parties are called without {@code
 * baggage} and the context signature; internal hosts are called with the whole context ({@code
 * request_type=TRACE}) and must answer {@code Trace-Applied: request_type=TRACE}, else the call
 * fails with {@link io.contextkit.noop.TraceNotAcknowledgedException} (which the REST client
 * surfaces as a {@code ProcessingException}) and a {@code VIOLATION} is reported. STANDARD calls
 * are untouched.
 */
@Provider
@Priority(Priorities.USER + 500)
public final class TraceClientFilter implements ClientRequestFilter, ClientResponseFilter {

  private static final String DECISION = TraceClientFilter.class.getName() + ".decision";
  private static final String CONTEXT = TraceClientFilter.class.getName() + ".context";

  private volatile @Nullable OutboundTraceGuard guard;

  /** Created by the REST client runtime. */
  public TraceClientFilter() {}

  @Override
  public void filter(ClientRequestContext request) {
    RequestContext context = ClientContextFilter.currentContext();
    if (!context.isTrace()) {
      return;
    }
    OutboundTraceGuard g = guard();
    OutboundTraceGuard.Decision decision = g.decide(context, request.getMethod(), request.getUri());
    switch (decision.action()) {
      case SUPPRESS -> request.abortWith(synthetic(decision.syntheticResponse()));
      case CALL_SAFE_THIRD_PARTY -> {
        request.getHeaders().remove(W3CHeaders.BAGGAGE);
        request.getHeaders().remove(ContextPropagator.SIGNATURE_HEADER);
      }
      case SEND_AS_TRACE -> {
        // Idempotent with ClientContextFilter; keeps the TRACE marker independent of it.
        g.propagator().inject(context, request, RequestHeaders.CLIENT, OutboundPolicy.FULL);
        request.setProperty(DECISION, decision);
        request.setProperty(CONTEXT, context);
      }
      default -> {}
    }
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response)
      throws IOException {
    Object decision = request.getProperty(DECISION);
    Object context = request.getProperty(CONTEXT);
    if (decision instanceof OutboundTraceGuard.Decision d && context instanceof RequestContext c) {
      guard()
          .checkAcknowledged(
              c,
              d,
              request.getMethod(),
              request.getUri(),
              response.getStatus(),
              response.getHeaderString(TraceReport.TRACE_APPLIED_HEADER));
    }
  }

  private OutboundTraceGuard guard() {
    OutboundTraceGuard g = guard;
    if (g == null) {
      // Providers are not always CDI beans; the guard bean is looked up once.
      g = Arc.container().instance(OutboundTraceGuard.class).get();
      guard = g;
    }
    return g;
  }

  private static Response synthetic(@Nullable SyntheticResponse synthetic) {
    SyntheticResponse s = synthetic == null ? SyntheticResponse.accepted() : synthetic;
    Response.ResponseBuilder builder = Response.status(s.status());
    for (Map.Entry<String, List<String>> header : s.headers().entrySet()) {
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    byte[] body = s.body();
    if (body.length > 0) {
      builder.entity(new String(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }
}
