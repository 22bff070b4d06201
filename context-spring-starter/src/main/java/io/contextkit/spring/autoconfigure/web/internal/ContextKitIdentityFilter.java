package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.ContextScope;
import io.contextkit.Identity;
import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.spring.autoconfigure.internal.ActiveSpans;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs after authentication (after Spring Security's filter chain when it is present): applies the
 * caller's {@link Identity} to the inbound context, refuses an untrusted, unauthorised TRACE
 * request with 403, and re-binds the derived context for the rest of the chain. When a tracer
 * (Micrometer Tracing's observation filter, which runs between the entry filter and this one) has
 * opened a server span, the derived context takes its trace ids, so that logs and the span agree
 * and the span receives the context's fields as attributes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitIdentityFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(ContextKitIdentityFilter.class);

  private final Function<HttpServletRequest, Identity> identities;
  private final List<String> traceAuthorities;

  public ContextKitIdentityFilter(Function<HttpServletRequest, Identity> identities) {
    this(identities, List.of());
  }

  /**
   * @param identities the identity of the request's caller
   * @param traceAuthorities the authorities that would permit a TRACE request, named in the refusal
   *     line of one refused for a missing permission; empty when unknown
   */
  public ContextKitIdentityFilter(
      Function<HttpServletRequest, Identity> identities, List<String> traceAuthorities) {
    this.identities = identities;
    this.traceAuthorities = List.copyOf(traceAuthorities);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)
        || request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(req, res);
      return;
    }
    InboundContext inbound = InboundRequests.get(request);
    if (inbound == null) {
      chain.doFilter(req, res);
      return;
    }
    Identity identity;
    try {
      identity = identities.apply(request);
    } catch (RuntimeException e) {
      // A resolver bug must not turn into a 5xx or a privilege: serve the request anonymously.
      LOG.warn("Identity resolver failed; continuing without identity", e);
      identity = Identity.anonymous();
    }
    InboundContext derived = inbound.withIdentity(identity);
    if (derived.traceActivation() == TraceActivation.UNTRUSTED) {
      Responses.refuse(
          request, response, Refusal.UNTRUSTED_TRACE, "TRACE not permitted", traceAuthorities);
      return;
    }
    if (derived != inbound) {
      InboundRequests.set(request, derived);
    }
    if (request.getAttribute(ContextKitSpanFilter.SERVER_SPAN_ATTRIBUTE) instanceof Span span) {
      // The current span here may be an inner one (Spring Security observes its chain): the
      // caller's identity belongs on the server span.
      ActiveSpans.annotate(span, derived.context());
    }
    if (derived == inbound && RequestContext.current() == derived.context()) {
      // The identity added nothing and the context is already bound: re-binding it would only
      // project the same fields again (and restore them afterwards).
      chain.doFilter(request, response);
      return;
    }
    try (ContextScope scope = derived.context().makeCurrent()) {
      chain.doFilter(request, response);
    }
  }
}
