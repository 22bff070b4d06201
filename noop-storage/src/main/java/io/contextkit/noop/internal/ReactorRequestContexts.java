package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Which request a reactive operation belongs to: the {@link RequestContext} in the Reactor context
 * of the subscriber (under {@value RequestContextThreadLocalAccessor#KEY}, where the Spring WebFlux
 * filters and Micrometer context propagation put it), else — for callers outside a reactive
 * pipeline — the thread's current context.
 *
 * <p>The subscriber's context travels with the subscription, not with a thread, so an operation
 * subscribed after {@code publishOn}/{@code subscribeOn} hops still belongs to its request, while
 * the thread it runs on may hold another request's context or none.
 */
public final class ReactorRequestContexts {

  /** The Reactor context key holding the request context; the Micrometer accessor's key. */
  public static final String KEY = RequestContextThreadLocalAccessor.KEY;

  private ReactorRequestContexts() {}

  /** The request context of a subscription whose Reactor context is {@code view}. */
  public static RequestContext of(ContextView view) {
    Object value = view.getOrDefault(KEY, null);
    return value instanceof RequestContext context ? context : RequestContext.current();
  }

  /**
   * Like {@link #of(ContextView)}, but when neither the Reactor context nor the subscribing thread
   * holds a request context, {@code fallback}: what was current when the resource (a connection)
   * was acquired. A blocking caller subscribes on its own thread, while the operations it chains on
   * an acquired connection are subscribed on the driver's threads, where no context is current.
   */
  public static RequestContext of(ContextView view, RequestContext fallback) {
    Object value = view.getOrDefault(KEY, null);
    if (value instanceof RequestContext context) {
      return context;
    }
    RequestContext current = RequestContext.current();
    return current.isEmpty() ? fallback : current;
  }

  /** A Mono that resolves the subscriber's request context when it is subscribed. */
  public static Mono<RequestContext> current() {
    return Mono.deferContextual(view -> Mono.just(of(view)));
  }
}
