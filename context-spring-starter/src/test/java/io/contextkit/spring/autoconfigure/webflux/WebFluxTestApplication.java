package io.contextkit.spring.autoconfigure.webflux;

import io.contextkit.RequestContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * A tiny WebFlux application on Reactor Netty with a single event-loop thread, so that every
 * request is served by the same pooled thread.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebFluxTestApplication.ContextController.class)
class WebFluxTestApplication {

  static final String ENTRY_THREAD = "ck-test.entry-thread";

  /**
   * One event loop for the whole server: requests in turn share the one thread. Boot's Netty server
   * runs on the loops of this factory (a customizer's {@code runOn} is overridden by it).
   */
  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setLoopResourcesSupplier(() -> LoopResources.create("ck-webflux-test", 1, 1, true));
    return factory;
  }

  /**
   * Records which thread the request entered on: right after ContextKit's filter, before Spring
   * Security's chain (which may continue elsewhere).
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 1)
  WebFilter entryThreadRecorder() {
    return (exchange, chain) -> {
      exchange.getAttributes().put(ENTRY_THREAD, Thread.currentThread().getName());
      return chain.filter(exchange);
    };
  }

  // Spring Security is on the test class path (for the servlet tests); it must not get in the way.
  @Bean
  SecurityWebFilterChain permitAll(ServerHttpSecurity http) {
    return http.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .build();
  }

  @RestController
  static class ContextController {

    /** How often the handler ran. */
    static final AtomicInteger CALLS = new AtomicInteger();

    /**
     * The context as the handler sees it: through {@code RequestContext.current()} on the handler
     * thread and after a hop to another scheduler, and through the Reactor context.
     */
    @GetMapping("/ctx")
    Mono<Map<String, String>> ctx(ServerWebExchange exchange) {
      CALLS.incrementAndGet();
      RequestContext onHandlerThread = RequestContext.current();
      String handlerThread = Thread.currentThread().getName();
      return Mono.deferContextual(
              reactorContext -> {
                Object carried =
                    reactorContext.getOrDefault(
                        ContextKitWebFluxAutoConfiguration.REACTOR_CONTEXT_KEY, null);
                Map<String, String> body = new LinkedHashMap<>();
                body.put("handler_thread", handlerThread);
                body.put(
                    "entry_thread", String.valueOf(exchange.getAttributes().get(ENTRY_THREAD)));
                put(body, "thread_local", onHandlerThread);
                put(
                    body,
                    "reactor",
                    carried instanceof RequestContext context ? context : RequestContext.empty());
                return Mono.just(body);
              })
          .delayElement(Duration.ofMillis(1), Schedulers.parallel())
          .map(
              body -> {
                put(body, "after_hop", RequestContext.current());
                return body;
              });
    }

    private static void put(Map<String, String> body, String prefix, RequestContext context) {
      body.put(prefix + ".user_id", text(context.userId()));
      body.put(prefix + ".account_id", text(context.accountId()));
      body.put(prefix + ".request_id", text(context.requestId()));
      body.put(prefix + ".trace_id", text(context.traceId()));
      body.put(prefix + ".request_type", context.requestType().name());
    }

    private static String text(@Nullable String value) {
      return value == null ? "" : value;
    }
  }
}
