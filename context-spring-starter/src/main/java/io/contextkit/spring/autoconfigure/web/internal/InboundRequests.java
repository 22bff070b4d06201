package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.trust.InboundPeer;
import io.contextkit.w3c.HeaderGetter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The per-request state shared by the Tomcat valve and the servlet filters: the inbound context is
 * extracted once per request and kept as a request attribute, so that every later stage (the
 * filters, an async or error dispatch on another thread) binds the same request.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class InboundRequests {

  /** Request attribute holding the {@link InboundContext} of the request, latest derivation. */
  public static final String ATTRIBUTE = InboundContext.class.getName();

  private final ContextPropagator propagator;

  public InboundRequests(ContextPropagator propagator) {
    this.propagator = propagator;
  }

  /** The inbound context already extracted for {@code request}, or {@code null}. */
  public static @Nullable InboundContext get(HttpServletRequest request) {
    Object value = request.getAttribute(ATTRIBUTE);
    return value instanceof InboundContext inbound ? inbound : null;
  }

  /** Records a derived context (e.g. after identity was applied) for later dispatches. */
  public static void set(HttpServletRequest request, InboundContext inbound) {
    request.setAttribute(ATTRIBUTE, inbound);
  }

  /**
   * Binds the request's context on this thread: on first sight drops whatever the pooled thread
   * still held and extracts the context from the headers; later (another dispatch, another thread)
   * re-binds the recorded one. Returns {@code null} when it is already current here.
   */
  public @Nullable ContextScope bind(HttpServletRequest request) {
    InboundContext inbound = get(request);
    if (inbound == null) {
      return bindFirst(request, request, ServletHeaderGetter.INSTANCE);
    }
    return rebind(inbound);
  }

  /** The propagator that extracts every request's context. */
  ContextPropagator propagator() {
    return propagator;
  }

  /**
   * First sight of {@code request}: drops what the pooled thread still held, extracts the context
   * from {@code headers} (the request's own, however the caller reads them) and binds it.
   */
  <C> ContextScope bindFirst(HttpServletRequest request, C headers, HeaderGetter<C> getter) {
    ContextBarrier.enter();
    InboundContext inbound =
        propagator.extract(headers, getter, InboundPeer.ofAddress(request.getRemoteAddr()));
    set(request, inbound);
    return inbound.context().makeCurrent();
  }

  /** Binds an already extracted request's context, unless it is already current here. */
  static @Nullable ContextScope rebind(InboundContext inbound) {
    RequestContext current = RequestContext.current();
    if (current.sameRequestAs(inbound.context()) && current.equals(inbound.context())) {
      return null;
    }
    if (!current.sameRequestAs(inbound.context())) {
      ContextBarrier.enter();
    }
    return inbound.context().makeCurrent();
  }
}
