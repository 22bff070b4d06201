package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.spring.autoconfigure.internal.WebClientFilters;
import io.contextkit.w3c.HeaderSetter;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Adds the outbound context headers to every {@code WebClient} request, as the propagator's
 * outbound policy allows for the destination (full context inside the trust boundary, at most
 * {@code traceparent} and {@code tracestate} to a third party). The context is the one current when
 * the request is subscribed to (e.g. the servlet thread that calls {@code block()}), else the one
 * in the Reactor context under {@value RequestContextThreadLocalAccessor#KEY} (where Micrometer
 * context propagation puts it). Each exchange is recorded in the runtime dependency map ({@link
 * ContextKit#dependencies()}) when its response arrives or it fails (an error is a failure or a 5xx
 * answer; a cancelled exchange is not recorded).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitExchangeFilterFunction implements ExchangeFilterFunction {

  private static final HeaderSetter<HttpHeaders> SETTER = HttpHeaders::set;

  private final Supplier<ContextPropagator> propagator;

  /** Resolves the propagator lazily, so that post-processors need not initialise it early. */
  public ContextKitExchangeFilterFunction(Supplier<ContextPropagator> propagator) {
    this.propagator = propagator;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.deferContextual(
        reactorContext -> {
          RequestContext outbound = WebClientFilters.requestContext(reactorContext);
          ContextPropagator p = propagator.get();
          ClientRequest sent =
              outbound.isEmpty()
                  ? request
                  : ClientRequest.from(request)
                      .headers(headers -> p.inject(outbound, headers, SETTER, request.url()))
                      .build();
          DependencyEdge edge =
              ContextKit.dependencies().http(request.url(), p.trustPolicy().internalHosts());
          boolean trace = outbound.isTrace();
          long start = System.nanoTime();
          return next.exchange(sent)
              .doOnNext(
                  response -> {
                    // A synthetic TRACE answer was counted by the guard that gave it.
                    if (!trace
                        || !ContextKitClientHttpRequestInterceptor.isSynthetic(
                            response.headers().asHttpHeaders())) {
                      edge.record(
                          System.nanoTime() - start,
                          response.statusCode().is5xxServerError(),
                          trace);
                    }
                  })
              .doOnError(e -> edge.record(System.nanoTime() - start, true, trace));
        });
  }

  /** Adds {@code filter} unless a ContextKit filter is already in {@code filters}. */
  public static void addOnce(
      List<ExchangeFilterFunction> filters, ContextKitExchangeFilterFunction filter) {
    for (ExchangeFilterFunction existing : filters) {
      if (existing instanceof ContextKitExchangeFilterFunction) {
        return;
      }
    }
    filters.add(filter);
  }
}
