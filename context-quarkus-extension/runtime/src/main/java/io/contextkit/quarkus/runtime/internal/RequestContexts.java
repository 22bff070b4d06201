package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.spi.ContextLocator;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one place that answers "which request does this thread work for" on Quarkus: the context of
 * the thread's open scope, else the one the request filter stored in the request's Vert.x
 * duplicated context ({@link ServerContextFilters#CONTEXT_KEY}).
 *
 * <p>The second case is ordinary on Quarkus: a resource method returning {@code Uni} has its scope
 * closed when it returns, and what completes later for the request — Hibernate Reactive's
 * callbacks, a Vert.x SQL client result, a REST client callback, a log record — runs on an event
 * loop inside the request's duplicated context with no scope open. {@link #LOCATOR} is installed as
 * ContextKit's {@link ContextLocator} at startup, so {@link RequestContext#currentOrLocated()}
 * (used by the TRACE guards and the MicroProfile context capture) gives the same answer.
 */
public final class RequestContexts {

  /** The locator installed at startup: the request of the current duplicated context. */
  public static final ContextLocator LOCATOR = RequestContexts::ofDuplicatedContext;

  private RequestContexts() {}

  /** The thread's context, else the one stored in the current duplicated context, else empty. */
  public static RequestContext current() {
    RequestContext context = RequestContext.current();
    return context.isEmpty() ? ofDuplicatedContext() : context;
  }

  /**
   * The context stored in the duplicated context the calling thread runs in, or {@link
   * RequestContext#empty()} (no Vert.x context, a root context, or a request that has ended).
   */
  public static RequestContext ofDuplicatedContext() {
    Context vertx = Vertx.currentContext();
    if (vertx != null && VertxContext.isDuplicatedContext(vertx)) {
      Object stored = vertx.getLocal(ServerContextFilters.CONTEXT_KEY);
      if (stored instanceof RequestContext) {
        return (RequestContext) stored;
      }
    }
    return RequestContext.empty();
  }
}
