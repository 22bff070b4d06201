package io.contextkit.spring.autoconfigure.trace.channels.webflux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A WebFlux application that keeps a cart in the {@code WebSession}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebSessionTestApplication.CartController.class)
class WebSessionTestApplication {

  @Bean
  SecurityWebFilterChain openChain(ServerHttpSecurity http) {
    return http.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .build();
  }

  @RestController
  static class CartController {

    @PostMapping("/cart")
    Mono<String> add(ServerWebExchange exchange, @RequestParam(defaultValue = "3") int items) {
      return exchange
          .getSession()
          .map(
              session -> {
                boolean fresh = !session.isStarted();
                session.getAttributes().put("cart", items + " items");
                return "cart=" + session.getAttributes().get("cart") + " new=" + fresh;
              });
    }

    @GetMapping("/cart")
    Mono<String> read(ServerWebExchange exchange) {
      return exchange
          .getSession()
          .map(session -> "cart=" + session.getAttributes().getOrDefault("cart", "empty"));
    }
  }
}
