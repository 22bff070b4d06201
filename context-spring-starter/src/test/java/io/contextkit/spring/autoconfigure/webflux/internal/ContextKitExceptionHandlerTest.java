package io.contextkit.spring.autoconfigure.webflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.Identity;
import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

class ContextKitExceptionHandlerTest {

  private final AtomicReference<RequestContext> atAssembly = new AtomicReference<>();
  private final AtomicReference<Object> inReactorContext = new AtomicReference<>();
  private final WebExceptionHandler recording =
      (exchange, ex) -> {
        atAssembly.set(RequestContext.current());
        return Mono.deferContextual(
            reactorContext -> {
              inReactorContext.set(
                  reactorContext.getOrDefault(RequestContextThreadLocalAccessor.KEY, "none"));
              return Mono.empty();
            });
      };

  private static WebExceptionHandler wrapped(WebExceptionHandler handler) {
    List<WebExceptionHandler> handlers = new ArrayList<>(List.of(handler));
    ContextKitExceptionHandler.wrapAll(handlers);
    return handlers.get(0);
  }

  private static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.get("/boom"));
  }

  @Test
  void handlerSeesTheExchangesLatestContextWhileAssemblingAndInItsReactorContext() {
    MockServerWebExchange exchange = exchange();
    // What the identity filter leaves on the exchange after authentication.
    ReactiveInbound.set(
        exchange,
        ReactiveInbound.extract(ContextPropagator.defaults(), exchange.getRequest())
            .withIdentity(new Identity("alice", "acme", false, null, false)));
    RequestContext recorded = ReactiveInbound.get(exchange).context();
    RequestContext outer = RequestContext.builder().requestId("outer").build();

    try (ContextScope scope = outer.makeCurrent()) {
      wrapped(recording)
          .handle(exchange, new IllegalStateException("boom"))
          .block(Duration.ofSeconds(5));

      // Only while the handler ran: the thread is back to what it held.
      assertThat(RequestContext.current()).isSameAs(outer);
    }
    assertThat(recorded.userId()).isEqualTo("alice");
    assertThat(atAssembly.get()).isSameAs(recorded);
    assertThat(inReactorContext.get()).isSameAs(recorded);
  }

  @Test
  void exchangeWithoutContextIsHandledUntouched() {
    wrapped(recording)
        .handle(exchange(), new IllegalStateException("boom"))
        .block(Duration.ofSeconds(5));

    assertThat(atAssembly.get().isEmpty()).isTrue();
    assertThat(inReactorContext.get()).isEqualTo("none");
  }

  @Test
  void handlersOutcomeIsKept() {
    MockServerWebExchange exchange = exchange();
    ReactiveInbound.set(
        exchange, ReactiveInbound.extract(ContextPropagator.defaults(), exchange.getRequest()));
    IllegalStateException boom = new IllegalStateException("boom");

    Throwable passedOn =
        wrapped((e, ex) -> Mono.error(ex))
            .handle(exchange, boom)
            .materialize()
            .block(Duration.ofSeconds(5))
            .getThrowable();

    assertThat(passedOn).isSameAs(boom);
  }

  @Test
  void wrapsEachHandlerOnce() {
    List<WebExceptionHandler> handlers = new ArrayList<>(List.of(recording));
    ContextKitExceptionHandler.wrapAll(handlers);
    WebExceptionHandler once = handlers.get(0);

    ContextKitExceptionHandler.wrapAll(handlers);

    assertThat(handlers).containsExactly(once);
    assertThat(once).isInstanceOf(ContextKitExceptionHandler.class);
  }
}
