package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Wraps the whole reactive HTTP handler — outside the {@code WebExceptionHandler}s, which run
 * outside the filter chain — so that the request's context is in the Reactor context of the error
 * handling too: with automatic context propagation, the line Spring Boot's error handler logs for
 * an exception carries the request's ids. Extracts the context once; the entry filter reuses it.
 *
 * <p>The context visible at this level is the one extracted from the request, before the filters
 * apply the authenticated caller's identity and a tracer's span ids; the exception handlers get the
 * filters' result through {@link ContextKitExceptionHandler}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitHttpHandler implements HttpHandler {

  private final HttpHandler delegate;
  private final ContextPropagator propagator;

  public ContextKitHttpHandler(HttpHandler delegate, ContextPropagator propagator) {
    this.delegate = delegate;
    this.propagator = propagator;
  }

  /** A decorator factory for {@code WebHttpHandlerBuilder#httpHandlerDecorator}. */
  public static HttpHandlerDecoratorFactory decorator(ContextPropagator propagator) {
    return handler ->
        handler instanceof ContextKitHttpHandler
            ? handler
            : new ContextKitHttpHandler(handler, propagator);
  }

  @Override
  public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
    InboundContext inbound = ReactiveInbound.extract(propagator, request);
    return delegate
        .handle(request, response)
        .contextWrite(
            reactorContext ->
                reactorContext
                    .put(ReactiveInbound.REACTOR_KEY, inbound)
                    .put(RequestContextThreadLocalAccessor.KEY, inbound.context()));
  }
}
