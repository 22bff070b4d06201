package io.contextkit;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.internal.Warnings;
import io.contextkit.spi.ContextProjection;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The request-entry barrier: where a request or message enters the service, drop whatever
 * ContextKit state the (pooled) thread still holds from earlier work, and count it.
 *
 * <p>Integrations call {@link #enter()} first thing on every inbound request and message, before
 * opening the request's scope. A well-behaved application never trips it; when it does, {@link
 * Counter#BARRIER_LEAKS} goes up and a warning is logged once, and the new request starts clean
 * instead of inheriting another request's identity.
 *
 * <pre>{@code
 * ContextBarrier.enter();
 * try (ContextScope scope = inboundContext.makeCurrent()) {
 *   chain.doFilter(request, response);
 * }
 * }</pre>
 */
public final class ContextBarrier {

  private ContextBarrier() {}

  /**
   * Drops any ContextKit scope still open on this thread, any request context still current through
   * OpenTelemetry's context, and our keys left in the MDC. Foreign OpenTelemetry state (e.g. a
   * server span an instrumentation opened for this very request) is kept.
   *
   * @return whether anything had leaked
   */
  public static boolean enter() {
    boolean leaked = ContextScope.dropAllOnThisThread();
    if (!RequestContext.current().isEmpty()) {
      leaked = true;
      @SuppressWarnings({"MustBeClosedChecker", "unused"})
      Scope ignored = Context.current().with(RequestContext.empty()).makeCurrent();
    }
    for (ContextProjection projection : ContextKit.projectionArray()) {
      try {
        leaked |= projection.clear();
      } catch (RuntimeException | LinkageError e) {
        ContextKit.projectionFailed(projection, e);
      }
    }
    if (leaked) {
      ContextKit.counters().increment(Counter.BARRIER_LEAKS);
      Warnings.once(
          "barrier-leak",
          "A thread entered a new request still holding an earlier request's context; dropped it");
    }
    return leaked;
  }
}
