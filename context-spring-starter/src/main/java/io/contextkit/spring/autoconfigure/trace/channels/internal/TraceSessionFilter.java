package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.web.internal.InboundRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The HTTP-session guard of TRACE requests: the request of a TRACE request — one that asked for
 * TRACE, trusted already or still to be authorised after authentication — reaches the application
 * as a {@link TraceSessionRequest}, so no session is created, changed or persisted for it and no
 * session cookie is set. It runs just after Spring Session's {@code SessionRepositoryFilter} and
 * before Spring Security, so a TRACE login keeps its security context in the request-local session
 * only. Its presence (a {@link TraceGuarded} filter) is what marks HTTP sessions as guarded.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceSessionFilter implements Filter, TraceGuarded {

  private static final boolean SPRING_SESSION_PRESENT =
      ClassUtils.isPresent(
          "org.springframework.session.SessionRepository",
          TraceSessionFilter.class.getClassLoader());

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !asksForTrace(request)
        || isWrapped(request)) {
      chain.doFilter(req, res);
      return;
    }
    chain.doFilter(
        new TraceSessionRequest(
            request, RequestContext.current().sideEffects(), existingSessions(request)),
        res);
  }

  private static Function<HttpServletRequest, TraceHttpSession.@Nullable Existing> existingSessions(
      HttpServletRequest request) {
    if (SPRING_SESSION_PRESENT && SpringSessions.handles(request)) {
      return SpringSessions::existing;
    }
    return TraceSessionRequest::containerSession;
  }

  /**
   * Whether the request runs as TRACE, or asked for it: an untrusted hop's TRACE is settled only
   * after authentication (403 or TRACE), and what happens before — loading the security context, a
   * login — must already keep its session local.
   */
  private static boolean asksForTrace(HttpServletRequest request) {
    if (RequestContext.current().isTrace()) {
      return true;
    }
    InboundContext inbound = InboundRequests.get(request);
    return inbound != null
        && (inbound.traceActivation() == TraceActivation.ACCEPTED
            || inbound.traceActivation() == TraceActivation.UNTRUSTED);
  }

  private static boolean isWrapped(ServletRequest request) {
    ServletRequest current = request;
    while (current instanceof HttpServletRequestWrapper wrapper) {
      if (wrapper instanceof TraceSessionRequest) {
        return true;
      }
      current = wrapper.getRequest();
    }
    return false;
  }
}
