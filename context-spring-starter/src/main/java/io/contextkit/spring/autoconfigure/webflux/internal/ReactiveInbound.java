package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.internal.RefusalLog;
import io.contextkit.trust.InboundPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The per-request state shared by ContextKit's reactive stages (the HTTP handler decorator, the
 * entry filter and the identity filter): the inbound context is extracted once per request, kept in
 * the Reactor context under {@link #REACTOR_KEY} and as an exchange attribute, so every later stage
 * derives from the same request instead of extracting a second one.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ReactiveInbound {

  /** Reactor context key and exchange attribute holding the request's {@link InboundContext}. */
  public static final String REACTOR_KEY = InboundContext.class.getName();

  private ReactiveInbound() {}

  /**
   * Drops whatever the event-loop thread still holds from an earlier request, then extracts this
   * request's context (peer = the remote address).
   */
  static InboundContext extract(ContextPropagator propagator, ServerHttpRequest request) {
    // The event loop serves many requests in turn: whatever an earlier one left bound on it must
    // not become this request's context.
    ContextBarrier.enter();
    return propagator.extract(
        request, ServerRequestHeaderGetter.INSTANCE, InboundPeer.ofAddress(remoteAddress(request)));
  }

  /** The latest inbound context recorded for the exchange, or {@code null}. */
  public static @Nullable InboundContext get(ServerWebExchange exchange) {
    Object value = exchange.getAttributes().get(REACTOR_KEY);
    return value instanceof InboundContext inbound ? inbound : null;
  }

  static void set(ServerWebExchange exchange, InboundContext inbound) {
    exchange.getAttributes().put(REACTOR_KEY, inbound);
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

  /**
   * The one place where the reactive side answers a refusal (400 malformed {@code request_type},
   * 403 untrusted TRACE, 503 TRACE switched off or an unguarded effect channel): the refusal's
   * status, a short fixed body (nothing from the request is echoed), {@code Cache-Control:
   * no-store}, the request id header the entry filter set (kept), and the refusal counted and
   * logged once ({@link RefusalLog}) with the request id and the peer.
   *
   * @param message the fixed body, never text taken from the request
   */
  public static Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal, String message) {
    return refuse(exchange, refusal, message, List.of());
  }

  /**
   * As {@link #refuse(ServerWebExchange, Refusal, String)}, naming in the refusal line the
   * authorities (from the configuration, never from the request) that would have permitted it.
   */
  public static Mono<Void> refuse(
      ServerWebExchange exchange,
      Refusal refusal,
      String message,
      List<String> expectedAuthorities) {
    InboundContext inbound = get(exchange);
    RefusalLog.refused(
        refusal,
        inbound == null ? null : inbound.context().requestId(),
        remoteAddress(exchange.getRequest()),
        expectedAuthorities);
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.valueOf(refusal.status()));
    response.getHeaders().setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
    response.getHeaders().set("Cache-Control", "no-store");
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }
}
