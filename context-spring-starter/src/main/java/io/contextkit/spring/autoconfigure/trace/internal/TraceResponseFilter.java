package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.noop.TracePolicy;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.web.internal.Responses;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The TRACE end of a servlet request, after the context (and the TRACE activation) is settled:
 *
 * <ul>
 *   <li>a TRACE request that the {@link TracePolicy} refuses — TRACE switched off, or an effect
 *       channel neither guarded nor declared safe — is answered 503 with the policy's text before
 *       any application code runs ({@link Responses#refuse}: counted, logged once); the policy is
 *       asked once per request, on its first dispatch;
 *   <li>otherwise the response of a TRACE request is held ({@link HeldResponse}): nothing reaches
 *       the client until the filter chain — the request's unit of work, its transactions ended —
 *       has returned, on the final dispatch (the request's, or the async dispatch that ends an
 *       asynchronous request: {@code DeferredResult}, {@code Callable}, {@code
 *       StreamingResponseBody}, {@code SseEmitter}...). Then {@code Trace-Applied}, {@code
 *       Cache-Control: no-store} and the {@code Trace-Report} summary are set and what the
 *       application produced is written: its status, headers and body, or its redirect, or its
 *       {@code sendError} — which the container then turns into its error page through an ERROR
 *       dispatch, whose response is held and answered the same way;
 *   <li>a report whose outcome is {@code committed=unknown} (a rollback failed) turns the response
 *       into a 500, and a report with violations (a backstop fired, an internal callee did not
 *       acknowledge) turns a non-error response into a 500: never a success, however the
 *       application wrote its response;
 *   <li>the complete report is published once per request ({@link TraceReports}), and the request
 *       counted as served, and as failed when its report shows a violation or an unknown outcome.
 * </ul>
 *
 * <p>STANDARD requests pass through untouched: nothing is wrapped, nothing is held. The server side
 * of an internal TRACE hop is the same: a TRACE request accepted from a trusted caller is answered
 * with {@code Trace-Applied}, the acknowledgement the caller's guard requires.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceResponseFilter implements Filter {

  private static final String PUBLISHED = TraceResponseFilter.class.getName() + ".PUBLISHED";
  private static final String HELD = TraceResponseFilter.class.getName() + ".HELD";

  private final Supplier<TracePolicy> policy;

  /**
   * @param policy decides whether a TRACE request may run, once per request
   */
  public TraceResponseFilter(Supplier<TracePolicy> policy) {
    this.policy = policy;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    RequestContext context = RequestContext.current();
    if (!context.isTrace()
        || !(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    DispatcherType dispatch = request.getDispatcherType();
    // Decided once, on the first dispatch: later (async, error) dispatches belong to a request
    // that was let in.
    if (dispatch == DispatcherType.REQUEST) {
      TracePolicy decided = policy.get();
      String refusal = decided.refusal();
      if (refusal != null) {
        Responses.refuse(request, response, decided.refusalKind(), refusal);
        return;
      }
    }
    HeldResponse pending =
        request.getAttribute(HELD) instanceof HeldResponse h && !h.finished() ? h : null;
    HeldResponse held;
    HttpServletResponse passed;
    if (dispatch == DispatcherType.ASYNC && pending != null) {
      // The async dispatch ends the request the first dispatch held: the application writes to
      // the response it was given then (or Spring's wrapper around it).
      held = pending;
      passed = held.isWrappedBy(response) ? response : held;
    } else if (pending != null && pending.isWrappedBy(response)) {
      // This dispatch's response is already held further out, which finishes it.
      chain.doFilter(request, response);
      return;
    } else {
      if (dispatch == DispatcherType.REQUEST) {
        ContextKit.counters().increment(ContextCounters.Counter.TRACE_SERVED);
      }
      held = new HeldResponse(request, response);
      request.setAttribute(HELD, held);
      passed = held;
    }
    try {
      chain.doFilter(request, passed);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      if (!request.isAsyncStarted()) {
        // The held body is dropped, as the container drops the buffer of a failed request; its
        // error page comes through here again (ERROR dispatch) and is answered with the report.
        request.removeAttribute(HELD);
        TraceReport report = TraceReport.from(context.sideEffects().report());
        HttpServletResponse target = held.target();
        if (!target.isCommitted()) {
          setTraceHeaders(target, report);
        }
        publishOnce(context, request, report);
      }
      throw e;
    }
    if (request.isAsyncStarted()) {
      return; // held until the async dispatch that ends the request
    }
    request.removeAttribute(HELD);
    finish(context, request, held);
  }

  private static void finish(RequestContext context, HttpServletRequest request, HeldResponse held)
      throws IOException {
    TraceReport report = TraceReport.from(context.sideEffects().report());
    setTraceHeaders(held.target(), report);
    // Before anything is written: once the client has the response (a body that fills its declared
    // length is complete as soon as it is written), the report must already be out.
    publishOnce(context, request, report);
    int status = held.getStatus();
    if (report.requiresServerError() && status < 500) {
      held.fail("TRACE request: a rollback failed, committed=unknown");
    } else if (report.hasViolations() && status < 400) {
      held.fail("TRACE request: a side effect reached a backstop, see Trace-Report");
    } else {
      held.release();
    }
  }

  private static void setTraceHeaders(HttpServletResponse response, TraceReport report) {
    response.setHeader(TraceReport.TRACE_APPLIED_HEADER, TraceReport.TRACE_APPLIED_VALUE);
    response.setHeader(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE);
    response.setHeader(TraceReport.SUMMARY_HEADER, report.headerValue());
  }

  private static void publishOnce(
      RequestContext context, HttpServletRequest request, TraceReport report) {
    if (request.getAttribute(PUBLISHED) != null) {
      return;
    }
    request.setAttribute(PUBLISHED, Boolean.TRUE);
    if (report.hasViolations() || report.requiresServerError()) {
      ContextKit.counters().increment(ContextCounters.Counter.TRACE_FAILED);
    }
    TraceReports.publish(context, report);
  }
}
