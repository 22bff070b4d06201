package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.noop.TraceNotAcknowledgedException;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.internal.WebClientFilters;
import io.contextkit.w3c.HeaderSetter;
import io.contextkit.w3c.W3CHeaders;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies the {@link OutboundTraceGuard} to {@code WebClient} exchanges of a TRACE request, as
 * {@link TraceClientHttpRequestInterceptor} does for {@code RestClient}: third parties are not
 * called (the exchange answers the synthetic response, with {@code Trace-Suppressed: true}), safe
 * third parties are called without {@code baggage} or the context signature, internal hosts are
 * called with the context and must answer {@code Trace-Applied: request_type=TRACE}, else the
 * exchange fails with a {@link WebClientRequestException} caused by {@link
 * TraceNotAcknowledgedException} (the I/O-error type of the client, as {@code RestClient}'s {@code
 * ResourceAccessException} is) and a violation is reported. STANDARD exchanges are untouched.
 *
 * <p>The request context is the one current when the exchange is subscribed to (e.g. the thread
 * that calls {@code block()}), else the one in the Reactor context under {@value
 * RequestContextThreadLocalAccessor#KEY} — the same rule as the propagation filter, so the two
 * always see the same request.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceExchangeFilterFunction implements ExchangeFilterFunction {

  private static final HeaderSetter<HttpHeaders> SETTER = HttpHeaders::set;

  private final Supplier<OutboundTraceGuard> guard;

  /** Resolves the guard lazily, so that post-processors need not initialise it early. */
  public TraceExchangeFilterFunction(Supplier<OutboundTraceGuard> guard) {
    this.guard = guard;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.deferContextual(
        reactorContext -> {
          RequestContext context = WebClientFilters.requestContext(reactorContext);
          if (!context.isTrace()) {
            return next.exchange(request);
          }
          return exchange(context, request, next);
        });
  }

  private Mono<ClientResponse> exchange(
      RequestContext context, ClientRequest request, ExchangeFunction next) {
    OutboundTraceGuard g = guard.get();
    String method = request.method().name();
    OutboundTraceGuard.Decision decision = g.decide(context, method, request.url());
    switch (decision.action()) {
      case SUPPRESS -> {
        SyntheticResponse synthetic = decision.syntheticResponse();
        return Mono.just(synthetic(synthetic == null ? SyntheticResponse.accepted() : synthetic));
      }
      case CALL_SAFE_THIRD_PARTY -> {
        return next.exchange(
            ClientRequest.from(request)
                .headers(
                    headers -> {
                      headers.remove(W3CHeaders.BAGGAGE);
                      headers.remove(ContextPropagator.SIGNATURE_HEADER);
                    })
                .build());
      }
      case SEND_AS_TRACE -> {
        // Idempotent with the propagation filter; makes the TRACE marker independent of it.
        ClientRequest marked =
            ClientRequest.from(request)
                .headers(headers -> g.propagator().inject(context, headers, SETTER, request.url()))
                .build();
        return next.exchange(marked)
            .flatMap(
                response -> {
                  try {
                    g.checkAcknowledged(
                        context,
                        decision,
                        method,
                        request.url(),
                        response.statusCode().value(),
                        response
                            .headers()
                            .asHttpHeaders()
                            .getFirst(TraceReport.TRACE_APPLIED_HEADER));
                  } catch (TraceNotAcknowledgedException e) {
                    return response
                        .releaseBody()
                        .then(
                            Mono.error(
                                new WebClientRequestException(
                                    e, request.method(), request.url(), request.headers())));
                  }
                  return Mono.just(response);
                });
      }
      default -> {
        return next.exchange(request);
      }
    }
  }

  private static ClientResponse synthetic(SyntheticResponse synthetic) {
    ClientResponse.Builder builder =
        ClientResponse.create(HttpStatusCode.valueOf(synthetic.status()));
    for (Map.Entry<String, List<String>> e : synthetic.headers().entrySet()) {
      builder.header(e.getKey(), e.getValue().toArray(new String[0]));
    }
    byte[] body = synthetic.body();
    if (body.length > 0) {
      builder.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
    }
    return builder.build();
  }

  /** Appends {@code filter} (innermost) unless a TRACE filter is already in {@code filters}. */
  public static void addOnce(
      List<ExchangeFilterFunction> filters, TraceExchangeFilterFunction filter) {
    for (ExchangeFilterFunction existing : filters) {
      if (existing instanceof TraceExchangeFilterFunction) {
        return;
      }
    }
    filters.add(filter);
  }
}
