package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.TraceActivation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The request-entry filter: binds the request's context for the rest of the chain (on every
 * dispatch: request, async, error), answers the request id header, and refuses a malformed {@code
 * request_type} with 400 ({@link Responses#refuse}: counted, logged once). Registered at the
 * highest precedence.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitInboundFilter implements Filter {

  private final InboundRequests requests;
  private final String requestIdHeader;

  public ContextKitInboundFilter(InboundRequests requests, String requestIdHeader) {
    this.requests = requests;
    this.requestIdHeader = requestIdHeader;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    // One attribute read on the common path: on Tomcat the valve has extracted and bound it.
    InboundContext inbound = InboundRequests.get(request);
    ContextScope scope;
    if (inbound == null) {
      scope = requests.bindFirst(request, request, ServletHeaderGetter.INSTANCE);
      inbound = InboundRequests.get(request);
    } else {
      scope = InboundRequests.rebind(inbound);
    }
    try {
      String requestId = inbound == null ? null : inbound.context().requestId();
      if (requestId != null && !response.isCommitted()) {
        response.setHeader(requestIdHeader, requestId);
      }
      if (inbound != null
          && request.getDispatcherType() == DispatcherType.REQUEST
          && inbound.traceActivation() == TraceActivation.MALFORMED) {
        Responses.refuse(request, response, Refusal.MALFORMED_REQUEST_TYPE, "Invalid request_type");
        return;
      }
      chain.doFilter(request, response);
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
