package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The context an effect channel acts for: the thread's, else the one {@link ServerContextFilters}
 * stored in the request's Vert.x duplicated context (a reactive pipeline that resumes on the event
 * loop, where no scope is open).
 */
public final class CurrentRequestContext {

  private CurrentRequestContext() {}

  /** The current request's context, or {@link RequestContext#empty()} outside any request. */
  public static RequestContext get() {
    RequestContext context = RequestContext.current();
    if (!context.isEmpty()) {
      return context;
    }
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
