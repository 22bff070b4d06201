package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.internal.MdcProjection;
import io.contextkit.spi.ContextProjection;

/**
 * The MDC projection for Quarkus, where SLF4J's MDC is JBoss LogManager's and that one is {@code
 * VertxMDC}: on a thread running inside a request's Vert.x duplicated context, the MDC is one map
 * shared by every thread of the request (the request thread and, e.g., managed-executor tasks).
 *
 * <p>A branch of the request that ends must therefore not clear that map, or it wipes the keys of
 * every other branch (quarkus#30736): when a scope on such a thread restores to the empty context
 * while the request is still open, the request's context is projected instead. The request filter
 * removes the request's context from the duplicated context before closing the request scope, so
 * the end of the request clears the keys as usual. Everywhere else this is the core projection.
 *
 * <p>Since the map is shared, two parallel branches that open scopes with different values (e.g.
 * another user id) write over each other's values in it; what {@code MDC.get} returns there is the
 * last writer's. Log records do not depend on it: {@link LogRecordContext} rewrites our keys on
 * each record from the logging thread's own context.
 */
public final class DuplicatedContextMdcProjection implements ContextProjection {

  private final MdcProjection delegate = new MdcProjection();

  /** Creates the projection. */
  public DuplicatedContextMdcProjection() {}

  @Override
  public void project(RequestContext next, RequestContext previous) {
    if (next.isEmpty()) {
      RequestContext request = RequestContexts.ofDuplicatedContext();
      if (!request.isEmpty()) {
        delegate.project(request, previous);
        return;
      }
    }
    delegate.project(next, previous);
  }

  @Override
  public void flagsChanged(RequestContext current) {
    delegate.flagsChanged(current);
  }

  @Override
  public boolean clear() {
    return delegate.clear();
  }
}
