package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.TraceActivation;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.trust.InboundPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive request-entry filter: extracts the request's context, answers the request id header,
 * refuses a malformed {@code request_type} with 400 and an untrusted TRACE request with 403, and
 * puts the context into the Reactor context of the rest of the chain under {@value
 * RequestContextThreadLocalAccessor#KEY}. It binds nothing on the event-loop thread itself: the
 * thread-local view is Micrometer context propagation's job, which restores it from that same key.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitWebFilter implements WebFilter, Ordered {

  private final ContextPropagator propagator;
  private final String requestIdHeader;

  public ContextKitWebFilter(ContextPropagator propagator, String requestIdHeader) {
    this.propagator = propagator;
    this.requestIdHeader = requestIdHeader;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    // The event loop serves many requests in turn: whatever an earlier one left bound on it must
    // not become this request's context.
    ContextBarrier.enter();
    ServerHttpRequest request = exchange.getRequest();
    InboundContext inbound =
        propagator.extract(
            request,
            ServerRequestHeaderGetter.INSTANCE,
            InboundPeer.ofAddress(remoteAddress(request)));
    ServerHttpResponse response = exchange.getResponse();
    String requestId = inbound.context().requestId();
    if (requestId != null) {
      response.getHeaders().set(requestIdHeader, requestId);
    }
    TraceActivation activation = inbound.traceActivation();
    if (activation == TraceActivation.MALFORMED) {
      return refuse(response, HttpStatus.BAD_REQUEST, "Invalid request_type");
    }
    if (activation == TraceActivation.UNTRUSTED) {
      // No reactive authentication is consulted yet, so nobody holds the TRACE permission here;
      // a TRACE request is never silently run as STANDARD.
      return refuse(response, HttpStatus.FORBIDDEN, "TRACE not permitted");
    }
    return chain
        .filter(exchange)
        .contextWrite(
            reactorContext ->
                reactorContext.put(RequestContextThreadLocalAccessor.KEY, inbound.context()));
  }

  private static @Nullable String remoteAddress(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null) {
      return null;
    }
    InetAddress address = remote.getAddress();
    // An unresolved address carries only a host name, which trust never accepts.
    return address == null ? null : address.getHostAddress();
  }

  private static Mono<Void> refuse(ServerHttpResponse response, HttpStatus status, String message) {
    response.setStatusCode(status);
    response.getHeaders().setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
    response.getHeaders().set("Cache-Control", "no-store");
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }
}
