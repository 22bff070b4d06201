package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.spi.ContextProjection;

/**
 * The request-entry barrier as Quarkus needs it. On the event loop, SmallRye context propagation
 * wraps callbacks (security checks, Mutiny continuations) in a {@code ThreadContext} that begins
 * the context captured where the callback was created — often the empty one — and ends it after the
 * callback, which runs the request's filters. That open empty scope is not an earlier request's
 * leftover: {@link ContextBarrier} would drop it and count a leak for every non-blocking request.
 * So on a thread whose current context is empty only our MDC keys are checked (and cleared and
 * counted when present); a thread holding a context goes through the full barrier.
 */
final class EntryBarrier {

  private EntryBarrier() {}

  /** Drops what an earlier unit of work left on this thread; counts it as a leak. */
  static void enter() {
    if (!RequestContext.current().isEmpty()) {
      ContextBarrier.enter();
      return;
    }
    boolean leaked = false;
    for (ContextProjection projection : ContextKit.projections()) {
      try {
        leaked |= projection.clear();
      } catch (RuntimeException | LinkageError e) {
        // A projection must not fail a request; the core barrier ignores failures the same way.
      }
    }
    if (leaked) {
      ContextKit.counters().increment(Counter.BARRIER_LEAKS);
    }
  }
}
