package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The backstop of a Spring Session {@code SessionRepository} (or {@code ReactiveSessionRepository})
 * bean: under a TRACE context, {@code save} and {@code deleteById} do not reach the store and are
 * reported as {@code SESSION} side effects (a reactive repository returns an empty {@code Mono});
 * reads and {@code createSession} (an object in memory) proceed. The request wrapper keeps a TRACE
 * request's session away from the repository in the first place; this catches what reaches it by
 * another path under a TRACE context.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceSessionRepositoryInterceptor implements MethodInterceptor {

  private final String repositoryName;
  private final boolean reactive;

  public TraceSessionRepositoryInterceptor(String repositoryName, boolean reactive) {
    this.repositoryName = repositoryName;
    this.reactive = reactive;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Method method = invocation.getMethod();
    String name = method.getName();
    if (method.getParameterCount() != 1 || (!name.equals("save") && !name.equals("deleteById"))) {
      return invocation.proceed();
    }
    RequestContext context = RequestContext.current();
    if (!context.isTrace()) {
      return invocation.proceed();
    }
    context
        .sideEffects()
        .record(
            new SideEffect(
                SideEffect.Kind.SESSION,
                repositoryName,
                (name.equals("save") ? "save" : "delete") + " suppressed at the session store"));
    return reactive ? reactor.core.publisher.Mono.empty() : null;
  }
}
