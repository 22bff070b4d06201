package io.contextkit.quarkus.runtime.internal;

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
 */
@AsyncResourceBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public final class AsyncResourceInterceptor {

  /** Created by ArC. */
  public AsyncResourceInterceptor() {}

  /** Runs the method, then closes the request's scope on this thread. */
  @AroundInvoke
  public @Nullable Object around(InvocationContext invocation) throws Exception {
    try {
      return invocation.proceed();
    } finally {
      ResteasyReactiveRequestContext request = CurrentRequestManager.get();
      if (request != null) {
        ServerContextFilters.closeScopeOnThisThread(request.getContainerRequestContext());
      }
    }
  }
}
