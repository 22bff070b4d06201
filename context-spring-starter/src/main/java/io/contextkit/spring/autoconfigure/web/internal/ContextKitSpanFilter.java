package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.spring.autoconfigure.internal.ActiveSpans;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Runs right after Spring's observation filter: when a tracer (Micrometer Tracing with its
 * OpenTelemetry bridge) opened the request's server span there, the request's context takes the
 * span's trace id, span id and flags, so that the context, every log line and every outbound hop
 * carry the span's trace, and the context's fields become attributes of the span. The span is kept
 * as a request attribute for the identity filter, which adds the authenticated caller. Without a
 * valid current span it does nothing.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitSpanFilter implements Filter {

  /** Request attribute holding the server span the context was aligned with. */
  public static final String SERVER_SPAN_ATTRIBUTE = ContextKitSpanFilter.class.getName() + ".span";

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(req, res);
      return;
    }
    // The span first: without a tracer (most applications) it is one context read, and the
    // request's attributes are not looked at.
    Span span = Span.current();
    InboundContext inbound = span.getSpanContext().isValid() ? InboundRequests.get(request) : null;
    if (inbound == null) {
      chain.doFilter(req, res);
      return;
    }
    InboundContext adopted = ActiveSpans.adopt(inbound);
    request.setAttribute(SERVER_SPAN_ATTRIBUTE, span);
    InboundRequests.set(request, adopted);
    // Making the adopted context current projects its fields onto the (current) server span.
    try (ContextScope scope = adopted.context().makeCurrent()) {
      chain.doFilter(req, res);
    }
  }
}
