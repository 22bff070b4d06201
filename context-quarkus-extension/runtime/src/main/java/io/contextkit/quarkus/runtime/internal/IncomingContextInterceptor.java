package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jspecify.annotations.Nullable;

/**
 * Runs an {@code @Incoming} method in the context of the consumed message: drops whatever the
 * thread still holds ({@link EntryBarrier}), opens the message's context for the invocation and
 * restores the thread afterwards. The context is the message's {@link ConsumedContextMetadata} when
 * the method takes the {@link Message}, else the one {@link IncomingContextDecorator} stored in the
 * message's Vert.x duplicated context, which SmallRye makes current for the invocation. Methods of
 * channels whose connector ContextKit does not know find neither and run untouched.
 *
 * <p>A TRACE message's report ({@code io.contextkit.trace} event, span attributes) is published
 * once, when the last call working for it ends — for a method returning a {@code Uni} or {@code
 * CompletionStage}, when that terminates; for a processor, when its output has gone through the
 * outgoing channel ({@link ConsumedTrace}) — so it includes the transactions the method ran.
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

  /**
   * Opens the message's context around the call; for a TRACE message, publishes its report when the
   * last call working for it ends.
   */
  @AroundInvoke
  public @Nullable Object around(InvocationContext invocation) throws Exception {
    Object[] parameters = invocation.getParameters();
    RequestContext context = contextOf(parameters);
    if (context == null) {
      return invocation.proceed();
    }
    RequestContext current = RequestContext.current();
    // A message handed on synchronously within the same unit of work is not a leak.
    if (!current.sameRequestAs(context)) {
      EntryBarrier.enter();
    }
    ConsumedTrace trace = traceOf(parameters);
    if (trace == null) {
      try (ContextScope scope = context.makeCurrent()) {
        return invocation.proceed();
      }
    }
    boolean processor = invocation.getMethod().isAnnotationPresent(Outgoing.class);
    trace.enter();
    Object result;
    try (ContextScope scope = context.makeCurrent()) {
      result = invocation.proceed();
    } catch (Exception | Error e) {
      trace.leave(false);
      throw e;
    }
    return leaveWhenDone(result, trace, processor);
  }

  /**
   * The call ends at once for a synchronous method (the transaction interceptors, inside this one,
   * have ended by then), when the returned {@code Uni} or {@code CompletionStage} terminates for an
   * asynchronous one. A processor whose call produced a message ends when that message has gone
   * through the outgoing channel ({@link ConsumedTrace#leave}). A returned stream is not followed.
   */
  private static @Nullable Object leaveWhenDone(
      @Nullable Object result, ConsumedTrace trace, boolean processor) {
    if (result instanceof Uni) {
      return ((Uni<?>) result)
          .onTermination()
          .invoke((item, failure, cancelled) -> trace.leave(processor && item != null));
    }
    if (result instanceof CompletionStage) {
      return ((CompletionStage<?>) result)
          .whenComplete((value, failure) -> trace.leave(processor && value != null));
    }
    trace.leave(processor && result != null && !isStream(result));
    return result;
  }

  /** A {@code Multi} or any other reactive-streams publisher: a one-to-many processor's result. */
  private static boolean isStream(Object result) {
    if (result instanceof Flow.Publisher) {
      return true;
    }
    for (Class<?> type = result.getClass(); type != null; type = type.getSuperclass()) {
      for (Class<?> implemented : type.getInterfaces()) {
        if (implemented.getName().equals("org.reactivestreams.Publisher")) {
          return true;
        }
      }
    }
    return false;
  }

  private static @Nullable ConsumedTrace traceOf(Object[] parameters) {
    for (Object parameter : parameters) {
      if (parameter instanceof Message) {
        Optional<ConsumedContextMetadata> metadata =
            ((Message<?>) parameter).getMetadata(ConsumedContextMetadata.class);
        if (metadata.isPresent()) {
          return metadata.get().trace();
        }
      }
    }
    Context vertx = Vertx.currentContext();
    if (vertx != null && VertxContext.isDuplicatedContext(vertx)) {
      Object stored = vertx.getLocal(IncomingContextDecorator.CONSUMED_TRACE_KEY);
      if (stored instanceof ConsumedTrace) {
        return (ConsumedTrace) stored;
      }
    }
    return null;
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
