package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.webflux.internal.ReactiveInbound;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import reactor.core.publisher.Mono;

/**
 * The {@code WebSession} guard of TRACE exchanges (WebFlux): an exchange that asks for TRACE —
 * trusted already or to be authorised after authentication — sees a {@link TraceWebSession}, a
 * request-local copy of the caller's session (read straight from the {@code WebSessionStore} of a
 * {@link DefaultWebSessionManager}, without registering it for saving) or a new one, so no session
 * is created, changed or stored for it and no session cookie is set. With another {@code
 * WebSessionManager} the existing session cannot be read without being saved, so a TRACE exchange
 * starts with an empty session. Runs before Spring Security's {@code WebFilterChainProxy}.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceWebSessionFilter implements WebFilter, Ordered, TraceGuarded {

  /** Before Spring Security's filter chain (-100), after ContextKit's entry filter. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final ObjectProvider<WebSessionManager> sessionManager;

  public TraceWebSessionFilter(ObjectProvider<WebSessionManager> sessionManager) {
    this.sessionManager = sessionManager;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    InboundContext inbound = ReactiveInbound.get(exchange);
    if (inbound == null || !asksForTrace(inbound)) {
      return chain.filter(exchange);
    }
    Mono<WebSession> session =
        existing(exchange)
            .map(found -> (WebSession) TraceWebSession.over(recorder(inbound), found))
            .switchIfEmpty(Mono.fromSupplier(() -> TraceWebSession.created(recorder(inbound))))
            .cache();
    return chain.filter(
        new ServerWebExchangeDecorator(exchange) {
          @Override
          public Mono<WebSession> getSession() {
            return session;
          }
        });
  }

  private static io.contextkit.SideEffectRecorder recorder(InboundContext inbound) {
    return inbound.context().sideEffects();
  }

  private static boolean asksForTrace(InboundContext inbound) {
    RequestContext context = inbound.context();
    return context.isTrace()
        || inbound.traceActivation() == TraceActivation.ACCEPTED
        || inbound.traceActivation() == TraceActivation.UNTRUSTED;
  }

  private Mono<WebSession> existing(ServerWebExchange exchange) {
    WebSessionManager manager = sessionManager.getIfAvailable();
    if (!(manager instanceof DefaultWebSessionManager defaults)) {
      return Mono.empty();
    }
    List<String> ids = defaults.getSessionIdResolver().resolveSessionIds(exchange);
    if (ids.isEmpty()) {
      return Mono.empty();
    }
    return Mono.defer(() -> defaults.getSessionStore().retrieveSession(ids.get(0)))
        .filter(found -> !found.isExpired());
  }
}
