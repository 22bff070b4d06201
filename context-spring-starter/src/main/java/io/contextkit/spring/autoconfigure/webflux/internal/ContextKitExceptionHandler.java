package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import java.util.List;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Runs a {@link WebExceptionHandler} with the request's latest context — the one the filters left
 * on the exchange: aligned with the tracer's server span and carrying the authenticated caller.
 * Spring runs the exception handlers outside the filter chain, so without this they would see only
 * the context extracted before the filters ran (and, with a tracer, log a trace id other than the
 * span's). The context is current while the handler assembles its answer and is in the Reactor
 * context of that answer, from which automatic context propagation restores it for the lines the
 * handler logs.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitExceptionHandler implements WebExceptionHandler {

  private final WebExceptionHandler delegate;

  private ContextKitExceptionHandler(WebExceptionHandler delegate) {
    this.delegate = delegate;
  }

  /** Wraps each handler of {@code handlers} in place, once. */
  public static void wrapAll(List<WebExceptionHandler> handlers) {
    handlers.replaceAll(
        handler ->
            handler instanceof ContextKitExceptionHandler
                ? handler
                : new ContextKitExceptionHandler(handler));
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    InboundContext latest = ReactiveInbound.get(exchange);
    if (latest == null) {
      return delegate.handle(exchange, ex);
    }
    RequestContext context = latest.context();
    Mono<Void> handled;
    try (ContextScope scope = context.makeCurrent()) {
      handled = delegate.handle(exchange, ex);
    }
    return handled.contextWrite(
        reactorContext -> reactorContext.put(RequestContextThreadLocalAccessor.KEY, context));
  }

  @Override
  public String toString() {
    return "ContextKitExceptionHandler[" + delegate + "]";
  }
}
