package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TracePolicy;
import io.contextkit.noop.TraceReport;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The TRACE end of a servlet request, after the context (and the TRACE activation) is settled:
 *
 * <ul>
 *   <li>a TRACE request that the {@link TracePolicy} refuses — TRACE switched off, or an effect
 *       channel neither guarded nor declared safe — is answered 503 with the policy's text before
 *       any application code runs;
 *   <li>otherwise the response of a TRACE request is buffered, so that {@code Trace-Applied},
 *       {@code Cache-Control: no-store} and the {@code Trace-Report} summary are set before
 *       anything is committed — on the final dispatch (request, async or error);
 *   <li>a report whose outcome is {@code committed=unknown} (a rollback failed) turns the response
 *       into a 500, and a report with violations (a backstop fired, an internal callee did not
 *       acknowledge) turns a non-error response into a 500: never a success;
 *   <li>the complete report is published once per request ({@link TraceReports}).
 * </ul>
 *
 * <p>STANDARD requests pass through untouched. The server side of an internal TRACE hop is the
 * same: a TRACE request accepted from a trusted caller is answered with {@code Trace-Applied}, the
 * acknowledgement the caller's guard requires.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceResponseFilter implements Filter {

  private static final String PUBLISHED = TraceResponseFilter.class.getName() + ".PUBLISHED";

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
    // Decided once, on the first dispatch: later (async, error) dispatches belong to a request
    // that was let in.
    if (request.getDispatcherType() == DispatcherType.REQUEST) {
      String refusal = policy.get().refusal();
      if (refusal != null) {
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, refusal);
        return;
      }
    }
    ContentCachingResponseWrapper buffered =
        response instanceof ContentCachingResponseWrapper existing
            ? existing
            : new ContentCachingResponseWrapper(response);
    // When the chain throws, the container's error dispatch comes through here again and finishes
    // the response; the buffered body of the failed dispatch is dropped, as the container would.
    chain.doFilter(request, buffered);
    if (request.isAsyncStarted()) {
      return;
    }
    finish(context, request, buffered);
  }

  private static void finish(
      RequestContext context, HttpServletRequest request, ContentCachingResponseWrapper buffered)
      throws IOException {
    TraceReport report = TraceReport.from(context.sideEffects().report());
    HttpServletResponse response = (HttpServletResponse) buffered.getResponse();
    if (report.requiresServerError() && buffered.getStatus() < 500) {
      buffered.resetBuffer();
      buffered.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      writeBody(buffered, "TRACE request: a rollback failed, committed=unknown");
    } else if (report.hasViolations() && buffered.getStatus() < 400) {
      buffered.resetBuffer();
      buffered.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      writeBody(buffered, "TRACE request: a side effect reached a backstop, see Trace-Report");
    }
    if (!response.isCommitted()) {
      response.setHeader(TraceReport.TRACE_APPLIED_HEADER, TraceReport.TRACE_APPLIED_VALUE);
      response.setHeader(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE);
      response.setHeader(TraceReport.SUMMARY_HEADER, report.headerValue());
    }
    if (request.getAttribute(PUBLISHED) == null) {
      request.setAttribute(PUBLISHED, Boolean.TRUE);
      TraceReports.publish(context, report);
    }
    buffered.copyBodyToResponse();
  }

  private static void writeBody(HttpServletResponse response, String message) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static void write(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    response.setHeader(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE);
    writeBody(response, message);
  }
}
