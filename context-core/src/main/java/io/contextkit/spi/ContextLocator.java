package io.contextkit.spi;

import io.contextkit.RequestContext;

/**
 * Finds the request a thread works for when no ContextKit scope is open on it: code that runs for a
 * request outside any scope, such as a callback on a Vert.x event loop after the resource method
 * returned, still belongs to that request. {@link RequestContext#currentOrLocated()} consults the
 * locator installed with {@link io.contextkit.ContextKit#setLocator(ContextLocator)}; the TRACE
 * guards and the context capture of executors use it, so such work is never taken for a STANDARD
 * request.
 *
 * <p>Implementations are cheap, never throw, and answer only for the calling thread's own unit of
 * work (e.g. the request whose Vert.x duplicated context the thread runs in).
 */
@FunctionalInterface
public interface ContextLocator {

  /**
   * The context of the request the calling thread works for, or {@link RequestContext#empty()} when
   * it works for none.
   */
  RequestContext locate();
}
