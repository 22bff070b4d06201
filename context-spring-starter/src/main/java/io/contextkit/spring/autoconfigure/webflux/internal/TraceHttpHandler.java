package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.InboundContext;
import io.contextkit.TraceActivation;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Wraps the reactive HTTP handler — outside the {@code WebExceptionHandler}s and Spring's handling
 * of unresolved errors — so that the response of a request that asks for TRACE is held ({@link
 * TraceHeldResponse}) until everything that could write it, or record a side effect, has finished:
 * a TRACE response then carries its report on every status, error pages included, and a late
 * violation still turns it into a 5xx.
 *
 * <p>Only requests whose inbound context asked for TRACE ({@link TraceActivation} other than {@code
 * NOT_REQUESTED}, read from the Reactor context {@link ContextKitHttpHandler} sets up, so this
 * decorator must sit inside it) get a held response; every other response is passed through
 * untouched, neither buffered nor delayed. Which of the held ones are TRACE is settled later, by
 * {@link TraceWebFilter} after authentication.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TraceHttpHandler implements HttpHandler {

  private final HttpHandler delegate;

  public TraceHttpHandler(HttpHandler delegate) {
    this.delegate = delegate;
  }

  /** A decorator factory for {@code WebHttpHandlerBuilder#httpHandlerDecorator}. */
  public static HttpHandlerDecoratorFactory decorator() {
    return handler -> handler instanceof TraceHttpHandler ? handler : new TraceHttpHandler(handler);
  }

  @Override
  public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
    return Mono.deferContextual(
        view -> {
          Object inbound = view.getOrDefault(ReactiveInbound.REACTOR_KEY, null);
          if (!(inbound instanceof InboundContext in)
              || in.traceActivation() == TraceActivation.NOT_REQUESTED) {
            return delegate.handle(request, response);
          }
          TraceHeldResponse held =
              new TraceHeldResponse(response, HttpMethod.HEAD.equals(request.getMethod()));
          return delegate
              .handle(request, held)
              .onErrorResume(e -> held.releaseAfterFailure().then(Mono.error(e)))
              .then(Mono.defer(held::release))
              .doOnCancel(held::discard)
              .contextWrite(context -> context.put(TraceHeldResponse.REACTOR_KEY, held));
        });
  }
}
