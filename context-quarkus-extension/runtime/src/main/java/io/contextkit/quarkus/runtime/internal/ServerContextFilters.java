package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.internal.RefusalLog;
import io.contextkit.noop.TracePolicy;
import io.contextkit.noop.TraceReport;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.trust.InboundPeer;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jspecify.annotations.Nullable;

/**
 * Gives every Quarkus REST request its {@link RequestContext}.
 *
 * <p>The request filter runs on the thread that runs the resource method (Quarkus REST moves the
 * filters of a blocking method to the worker thread), drops whatever an earlier request left on
 * that thread ({@link EntryBarrier}), extracts the context from the headers with the remote address
 * as the peer, applies the authenticated caller, refuses bad TRACE asks (400 malformed, 403
 * untrusted) and opens the scope. The response filter writes the request id header and closes the
 * scope on the thread that opened it. A resource method returning {@code Uni}, {@code Multi} or a
 * {@code CompletionStage} has its scope closed by {@link AsyncResourceInterceptor} as soon as the
 * method returns, on the thread that ran it; what completes later on other threads finds the
 * context in the request's duplicated context (log records, the REST client) or carries it through
 * context propagation.
 *
 * <p>TRACE: when {@code quarkus.contextkit.trace.enabled=false}, or while an effect channel is
 * neither guarded nor declared safe ({@code quarkus.contextkit.trace.unguarded-channels=refuse},
 * the default; see {@link EffectChannels} — a reactive datasource whose pool could not be guarded
 * is one), a TRACE request is refused with 503 before any application code runs, the body saying
 * why. This is the one place the policy is asked, once per TRACE request. Every response of a TRACE
 * request — those the application's exceptions produce included, redirects and errors alike —
 * carries {@code Trace-Applied: request_type=TRACE}, {@code Cache-Control: no-store} and the {@code
 * Trace-Report} summary, set just before its headers are written, and the complete report is logged
 * once ({@link TraceReports}); a report with violations turns a success into a 500. Bodies Quarkus
 * REST would stream ({@code Multi}, {@code StreamingOutput}) are held whole first ({@link
 * TraceHeldBodies}), so that a violation while they are produced still turns the response into a
 * 500.
 *
 * <p>Every refusal (400 malformed, 403 untrusted, 503 switched off or an unguarded channel) goes
 * through {@link #refuse}: counted, logged once, with the request id header.
 *
 * <p>The context is also stored in the request's Vert.x duplicated context, so code running later
 * for the same request on an event loop (e.g. a reactive REST client callback) can still find it.
 */
@Singleton
public final class ServerContextFilters {

  /** The duplicated-context local and request property holding the request's context. */
  public static final String CONTEXT_KEY = "io.contextkit.request-context";

  private static final String SCOPE_KEY = "io.contextkit.scope";
  private static final String VERTX_KEY = "io.contextkit.vertx-context";

  // Before the application's own filters (USER = 5000), after authentication.
  private static final int PRIORITY = Priorities.AUTHENTICATION + 10;

  // Quarkus REST creates its filters during static init, before runtime config exists: the beans
  // built from runtime config are resolved on first use.
  private final Instance<ContextPropagator> propagators;
  private final Instance<ContextKitRuntimeConfig> configs;
  private final Instance<CallerIdentity> callers;
  private final Instance<EffectChannels> effectChannels;
  private volatile @Nullable ContextPropagator propagator;
  private volatile @Nullable String requestIdHeader;
  private volatile @Nullable EffectChannels channels;

  @Inject
  ServerContextFilters(
      Instance<ContextPropagator> propagators,
      Instance<ContextKitRuntimeConfig> configs,
      Instance<CallerIdentity> callers,
      Instance<EffectChannels> effectChannels) {
    this.propagators = propagators;
    this.configs = configs;
    this.callers = callers;
    this.effectChannels = effectChannels;
  }

  /** Opens the request's scope, or answers 400/403/503 for a refused TRACE ask. */
  @ServerRequestFilter(priority = PRIORITY)
  public @Nullable Response openScope(
      ContainerRequestContext request, HttpServerRequest http, RoutingContext routing) {
    EntryBarrier.enter();
    String peer = peerAddress(http);
    InboundContext inbound =
        propagator().extract(request, RequestHeaders.SERVER, InboundPeer.ofAddress(peer));
    if (inbound.traceActivation() == TraceActivation.MALFORMED) {
      return refuse(
          Refusal.MALFORMED_REQUEST_TYPE, "Malformed request_type", inbound.context(), peer);
    }
    if (callers.isResolvable()) {
      inbound = inbound.withIdentity(callers.get().current());
    }
    if (inbound.traceActivation() == TraceActivation.UNTRUSTED) {
      return refuse(
          Refusal.UNTRUSTED_TRACE,
          "TRACE requires a trusted hop or the TRACE permission",
          inbound.context(),
          peer,
          callers.isResolvable() ? callers.get().traceRoles() : List.of());
    }
    RequestContext context = inbound.context();
    if (context.isTrace()) {
      // The kill switch, or an effect channel neither guarded nor declared safe: refused before
      // any application code runs, never run for real.
      TracePolicy policy = channels().policy();
      String refusal = policy.refusal();
      if (refusal != null) {
        return refuse(policy.refusalKind(), refusal, context, peer);
      }
    }
    request.setProperty(CONTEXT_KEY, context);
    if (context.isTrace()) {
      ContextKit.counters().increment(ContextCounters.Counter.TRACE_SERVED);
      // Also on responses the application's exceptions produce, which skip the response filters.
      routing.addHeadersEndHandler(ignored -> traceHeaders(context, routing.response()));
    }
    Context vertx = Vertx.currentContext();
    if (vertx != null && VertxContext.isDuplicatedContext(vertx)) {
      vertx.putLocal(CONTEXT_KEY, context);
      request.setProperty(VERTX_KEY, vertx);
    }
    request.setProperty(SCOPE_KEY, new OpenScope(context.makeCurrent(), Thread.currentThread()));
    return null;
  }

  /**
   * Writes the request id header, turns a TRACE response with violations into an error and closes
   * the scope on the thread that opened it.
   */
  @ServerResponseFilter(priority = PRIORITY)
  public void closeScope(ContainerRequestContext request, ContainerResponseContext response) {
    Object context = request.getProperty(CONTEXT_KEY);
    if (context instanceof RequestContext) {
      String requestId = ((RequestContext) context).requestId();
      if (requestId != null) {
        response.getHeaders().putSingle(requestIdHeader(), requestId);
      }
      if (((RequestContext) context).isTrace()) {
        failOnTraceViolation((RequestContext) context, response);
        if (response.getEntity() instanceof StreamingOutput output) {
          // Written after this filter, in chunks once it outgrows the output buffer: held so that
          // what it does is in the report before anything is sent.
          response.setEntity(TraceHeldBodies.hold(output, (RequestContext) context));
        }
      }
    }
    // The request is over: from now on restoring to the empty context clears the MDC. The
    // request's own duplicated context, since an asynchronous response may finish on a thread
    // outside it.
    Object vertx = request.getProperty(VERTX_KEY);
    if (vertx instanceof Context) {
      ((Context) vertx).removeLocal(CONTEXT_KEY);
    }
    closeScopeOnThisThread(request);
  }

  /**
   * Closes the request's scope if this thread opened it. Called when the response is written, and
   * by {@link AsyncResourceInterceptor} as soon as an asynchronous resource method returns, so the
   * thread that ran it is clean before it serves anything else.
   */
  static void closeScopeOnThisThread(ContainerRequestContext request) {
    Object open = request.getProperty(SCOPE_KEY);
    if (open instanceof OpenScope && ((OpenScope) open).thread == Thread.currentThread()) {
      request.removeProperty(SCOPE_KEY);
      ((OpenScope) open).scope.close();
    }
  }

  /**
   * A TRACE report whose outcome is {@code committed=unknown} (a rollback failed) turns the
   * response into a 500, and one with violations (a backstop fired, an internal callee did not
   * acknowledge) turns a non-error response into a 500: never a success.
   */
  private static void failOnTraceViolation(
      RequestContext context, ContainerResponseContext response) {
    TraceReport report = TraceReport.from(context.sideEffects().report());
    if (report.requiresServerError() && response.getStatus() < 500) {
      serverError(response, TraceHeldBodies.UNKNOWN);
    } else if (report.hasViolations() && response.getStatus() < 400) {
      serverError(response, TraceHeldBodies.VIOLATION);
    }
  }

  /**
   * The TRACE end of every response, just before its headers are written: {@code Trace-Applied}
   * (the acknowledgement an internal caller's guard requires), {@code Cache-Control: no-store} and
   * the {@code Trace-Report} summary; the complete report is logged once.
   */
  private static void traceHeaders(RequestContext context, HttpServerResponse response) {
    TraceReport report = TraceReport.from(context.sideEffects().report());
    response.putHeader(TraceReport.TRACE_APPLIED_HEADER, TraceReport.TRACE_APPLIED_VALUE);
    response.putHeader(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE);
    response.putHeader(TraceReport.SUMMARY_HEADER, report.headerValue());
    if (report.hasViolations() || report.requiresServerError()) {
      ContextKit.counters().increment(ContextCounters.Counter.TRACE_FAILED);
    }
    TraceReports.publish(context, report);
  }

  private static void serverError(ContainerResponseContext response, String message) {
    response.setStatus(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode());
    response.setEntity(message, null, MediaType.TEXT_PLAIN_TYPE);
  }

  private ContextPropagator propagator() {
    ContextPropagator p = propagator;
    if (p == null) {
      p = propagators.get();
      propagator = p;
    }
    return p;
  }

  // Resolved once: a CDI lookup per TRACE request would cost more than the policy check itself.
  private EffectChannels channels() {
    EffectChannels c = channels;
    if (c == null) {
      c = effectChannels.get();
      channels = c;
    }
    return c;
  }

  private String requestIdHeader() {
    String h = requestIdHeader;
    if (h == null) {
      h = configs.get().requestIdHeader();
      requestIdHeader = h;
    }
    return h;
  }

  private static @Nullable String peerAddress(HttpServerRequest http) {
    SocketAddress remote = http.remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  /**
   * The one place where the Quarkus REST entry answers a refusal (400 malformed {@code
   * request_type}, 403 untrusted TRACE, 503 TRACE switched off or an unguarded effect channel): the
   * refusal's status, a short fixed body (nothing from the request is echoed), {@code
   * Cache-Control: no-store} and the request id header, and the refusal counted and logged once
   * ({@link RefusalLog}) with the request id and the peer. Return its result from the request
   * filter.
   *
   * @param message the fixed body, never text taken from the request
   * @param context the request's context (for its request id)
   * @param peer the remote address, or {@code null}
   */
  Response refuse(Refusal refusal, String message, RequestContext context, @Nullable String peer) {
    return refuse(refusal, message, context, peer, List.of());
  }

  /**
   * As {@link #refuse(Refusal, String, RequestContext, String)}, naming in the refusal line the
   * roles (from the configuration, never from the request) that would have permitted it.
   */
  Response refuse(
      Refusal refusal,
      String message,
      RequestContext context,
      @Nullable String peer,
      List<String> expectedRoles) {
    String requestId = context.requestId();
    RefusalLog.refused(refusal, requestId, peer, expectedRoles);
    Response.ResponseBuilder response =
        Response.status(refusal.status())
            .type(MediaType.TEXT_PLAIN_TYPE)
            .header(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE)
            .entity(message);
    if (requestId != null) {
      response.header(requestIdHeader(), requestId);
    }
    return response.build();
  }

  private record OpenScope(ContextScope scope, Thread thread) {}
}
