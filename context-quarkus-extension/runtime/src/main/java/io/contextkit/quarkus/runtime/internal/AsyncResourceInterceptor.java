package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Closes the request's scope when an asynchronous resource method returns, on the thread that ran
 * it: the response is written later, possibly on another thread, where the scope could not be
 * closed — and the event loop or worker that ran the method would keep the context into its next
 * task. The request's context stays reachable through its Vert.x duplicated context.
 *
 * <p>A {@code Multi} returned for a TRACE request is held whole before Quarkus REST streams it
 * ({@link TraceHeldBodies}): its response filters never run, and its headers would otherwise go out
 * with the first item, before what produces the later items is in the report.
 */
@AsyncResourceBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public final class AsyncResourceInterceptor {

  /** Created by ArC. */
  public AsyncResourceInterceptor() {}

  /**
   * Runs the method, holds a {@code Multi} it returns for a TRACE request ({@link
   * TraceHeldBodies}), then closes the request's scope on this thread.
   */
  @AroundInvoke
  public @Nullable Object around(InvocationContext invocation) throws Exception {
    ResteasyReactiveRequestContext request = CurrentRequestManager.get();
    try {
      Object result = invocation.proceed();
      RequestContext context = RequestContext.current();
      if (result instanceof Multi<?> multi && context.isTrace()) {
        return TraceHeldBodies.hold(
            multi,
            context,
            request == null ? null : request.serverRequest().unwrap(HttpServerResponse.class));
      }
      return result;
    } finally {
      if (request != null) {
        ServerContextFilters.closeScopeOnThisThread(request.getContainerRequestContext());
      }
    }
  }
}
