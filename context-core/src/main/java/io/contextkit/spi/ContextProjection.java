package io.contextkit.spi;

import io.contextkit.RequestContext;

/**
 * Projects the current {@link RequestContext} onto other thread-bound state (the SLF4J MDC, the
 * active span), so that state always reflects the context and nothing else.
 *
 * <p>The contract is that a projection's state is a function of the current context: when a scope
 * opens, ContextKit calls {@link #project(RequestContext, RequestContext) project(next, previous)};
 * when it closes, {@code project(previous, next)} — which is how the previous state is restored
 * without keeping a copy. A projection writes only keys it owns, never throws, and must be cheap:
 * it runs on every scope change. Register projections with {@link
 * io.contextkit.ContextKit#setProjections(java.util.List)}.
 */
public interface ContextProjection {

  /**
   * Makes the projected state reflect {@code next}, given that it currently reflects {@code
   * previous}.
   *
   * @param next the context becoming current
   * @param previous the context that was current until now (possibly {@link
   *     RequestContext#empty()})
   */
  void project(RequestContext next, RequestContext previous);

  /** Called when flags were recorded on {@code current} while it is current on this thread. */
  default void flagsChanged(RequestContext current) {}

  /**
   * Removes everything this projection owns from the calling thread; the request-entry barrier
   * calls it.
   *
   * @return whether anything was there to remove (a leak)
   */
  default boolean clear() {
    return false;
  }
}
