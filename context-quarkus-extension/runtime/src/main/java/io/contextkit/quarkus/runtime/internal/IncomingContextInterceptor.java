package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * Runs an {@code @Incoming} method in the context of the consumed message: drops whatever the
 * thread still holds ({@link EntryBarrier}), opens the message's context for the invocation and
 * restores the thread afterwards. The context is the message's {@link ConsumedContextMetadata} when
 * the method takes the {@link Message}, else the one {@link IncomingContextDecorator} stored in the
 * message's Vert.x duplicated context, which SmallRye makes current for the invocation. Methods of
 * channels whose connector ContextKit does not know find neither and run untouched.
 *
 * <p>The scope covers the method call itself: work a method hands to another thread carries the
 * context only through a managed executor or {@code ThreadContext}; a returned {@code Uni} or
 * {@code CompletionStage} that completes later runs its callbacks without it.
 */
@IncomingContextBinding
@Interceptor
// Before transaction interceptors, so a TRACE message's transaction sees the TRACE context.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public final class IncomingContextInterceptor {

  /** Created by ArC. */
  public IncomingContextInterceptor() {}

  /** Opens the message's context around the call. */
  @AroundInvoke
  public @Nullable Object around(InvocationContext invocation) throws Exception {
    RequestContext context = contextOf(invocation.getParameters());
    if (context == null) {
      return invocation.proceed();
    }
    RequestContext current = RequestContext.current();
    // A message handed on synchronously within the same unit of work is not a leak.
    if (!current.sameRequestAs(context)) {
      EntryBarrier.enter();
    }
    try (ContextScope scope = context.makeCurrent()) {
      return invocation.proceed();
    }
  }

  private static @Nullable RequestContext contextOf(Object[] parameters) {
    for (Object parameter : parameters) {
      if (parameter instanceof Message) {
        Optional<ConsumedContextMetadata> metadata =
            ((Message<?>) parameter).getMetadata(ConsumedContextMetadata.class);
        if (metadata.isPresent()) {
          return metadata.get().context();
        }
      }
    }
    Context vertx = Vertx.currentContext();
    if (vertx != null && VertxContext.isDuplicatedContext(vertx)) {
      Object stored = vertx.getLocal(IncomingContextDecorator.RECORD_CONTEXT_KEY);
      if (stored instanceof RequestContext) {
        return (RequestContext) stored;
      }
    }
    return null;
  }
}
