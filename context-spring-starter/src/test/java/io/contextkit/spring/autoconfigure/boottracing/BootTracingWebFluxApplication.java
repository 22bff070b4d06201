package io.contextkit.spring.autoconfigure.boottracing;

import io.contextkit.RequestContext;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * A WebFlux application (Reactor Netty) whose tracing is Boot's own auto-configuration: its one
 * endpoint logs a line and calls the recording destination, as internal host and as third party,
 * with a {@code WebClient} from Boot's builder. HTTP Basic is accepted (alice; tess, who holds the
 * TRACE permission), not required.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BootTracingWebFluxApplication.RelayController.class)
class BootTracingWebFluxApplication {

  static final Logger LOG = LoggerFactory.getLogger(BootTracingWebFluxApplication.class);

  @Bean
  SecurityWebFilterChain permitAll(ServerHttpSecurity http) {
    return http.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .build();
  }

  @Bean
  MapReactiveUserDetailsService users() {
    return new MapReactiveUserDetailsService(
        User.withUsername("alice").password("{noop}pw").authorities("USER").build(),
        User.withUsername("tess")
            .password("{noop}pw")
            .authorities("USER", "CONTEXTKIT_TRACE")
            .build());
  }

  @Bean
  FinishedSpans finishedSpans() {
    return new FinishedSpans();
  }

  @Bean
  SpanProcessor finishedSpansProcessor(FinishedSpans spans) {
    return spans.processor();
  }

  @RestController
  static class RelayController {

    private final WebClient client;
    private final int destinationPort;

    RelayController(
        WebClient.Builder bootBuilder, @Value("${test.destination-port}") int destinationPort) {
      this.client = bootBuilder.build();
      this.destinationPort = destinationPort;
    }

    @GetMapping("/relay")
    Mono<Map<String, String>> relay() {
      LOG.info("relaying");
      RequestContext handlers = RequestContext.current();
      return client
          .get()
          .uri("http://localhost:" + destinationPort + "/internal")
          .retrieve()
          .toBodilessEntity()
          .then(
              client
                  .get()
                  .uri("http://127.0.0.1:" + destinationPort + "/third-party")
                  .retrieve()
                  .toBodilessEntity())
          .thenReturn(BootTracingCalls.snapshot(handlers));
    }
  }
}
