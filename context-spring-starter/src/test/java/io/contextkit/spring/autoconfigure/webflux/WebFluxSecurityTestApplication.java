package io.contextkit.spring.autoconfigure.webflux;

import io.contextkit.RequestContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * A WebFlux application on Reactor Netty (one event loop) secured by Spring Security: HTTP basic,
 * every request authenticated, principals that carry account, tester and licence attributes the way
 * an OAuth2 token introspection would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebFluxSecurityTestApplication.SecuredController.class)
class WebFluxSecurityTestApplication {

  static final Logger LOG = LoggerFactory.getLogger(WebFluxSecurityTestApplication.class);

  /** alice: account acme, gold licence, no TRACE permission. */
  static final String ALICE = "alice";

  /** bob: account beta, free licence, tester, holds the TRACE permission. */
  static final String BOB = "bob";

  static final String PASSWORD = "pw";

  /** Holds the TRACE permission as a role, as applications granting roles store it. */
  static final String CAROL = "carol";

  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setLoopResourcesSupplier(() -> LoopResources.create("ck-flux-sec", 1, 1, true));
    return factory;
  }

  @Bean
  SecurityWebFilterChain securedChain(ServerHttpSecurity http) {
    return http.authorizeExchange(exchange -> exchange.anyExchange().authenticated())
        .httpBasic(Customizer.withDefaults())
        .authenticationManager(users())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .build();
  }

  private static ReactiveAuthenticationManager users() {
    return authentication -> {
      String name = authentication.getName();
      if (!PASSWORD.equals(authentication.getCredentials())) {
        return Mono.error(new BadCredentialsException("bad credentials"));
      }
      Map<String, Object> attributes;
      List<GrantedAuthority> authorities;
      if (ALICE.equals(name)) {
        attributes = Map.of("sub", ALICE, "account_id", "acme", "license", "gold");
        authorities = List.of(new SimpleGrantedAuthority("USER"));
      } else if (BOB.equals(name)) {
        attributes = Map.of("sub", BOB, "account_id", "beta", "license", "free", "tester", true);
        authorities =
            List.of(
                new SimpleGrantedAuthority("USER"), new SimpleGrantedAuthority("CONTEXTKIT_TRACE"));
      } else if (CAROL.equals(name)) {
        attributes = Map.of("sub", CAROL, "account_id", "gamma");
        authorities =
            List.of(
                new SimpleGrantedAuthority("ROLE_USER"),
                new SimpleGrantedAuthority("ROLE_CONTEXTKIT_TRACE"));
      } else {
        return Mono.error(new BadCredentialsException("unknown user"));
      }
      DefaultOAuth2AuthenticatedPrincipal principal =
          new DefaultOAuth2AuthenticatedPrincipal(name, attributes, authorities);
      return Mono.just(
          UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
    };
  }

  @RestController
  static class SecuredController {

    private final WebClient.Builder clients;

    SecuredController(WebClient.Builder clients) {
      this.clients = clients;
    }

    /** The context as the handler sees it, on the handler thread and after a scheduler hop. */
    @GetMapping("/ctx")
    Mono<Map<String, String>> ctx() {
      RequestContext onHandlerThread = RequestContext.current();
      LOG.info("serving ctx");
      Map<String, String> body = new LinkedHashMap<>();
      put(body, "thread_local", onHandlerThread);
      return Mono.just(body)
          .delayElement(Duration.ofMillis(1), Schedulers.parallel())
          .map(
              b -> {
                put(b, "after_hop", RequestContext.current());
                return b;
              });
    }

    /**
     * Calls {@code http://127.0.0.1:{port}/echo} with a WebClient from Boot's builder and answers
     * what that server saw.
     */
    @GetMapping("/out")
    Mono<Map<String, String>> out(@RequestParam int port) {
      return clients
          .build()
          .get()
          .uri("http://127.0.0.1:" + port + "/echo")
          .retrieve()
          .bodyToMono(new ParameterizedTypeReference<Map<String, String>>() {});
    }

    @GetMapping("/boom")
    Mono<String> boom() {
      LOG.info("about to fail");
      return Mono.error(new IllegalStateException("flux boom"));
    }

    private static void put(Map<String, String> body, String prefix, RequestContext context) {
      body.put(prefix + ".user_id", text(context.userId()));
      body.put(prefix + ".account_id", text(context.accountId()));
      body.put(prefix + ".license", text(context.license()));
      body.put(prefix + ".tester", String.valueOf(context.tester()));
      body.put(prefix + ".request_id", text(context.requestId()));
      body.put(prefix + ".trace_id", text(context.traceId()));
      body.put(prefix + ".parent_id", text(context.parentId()));
      body.put(prefix + ".request_type", context.requestType().name());
    }

    private static String text(@Nullable String value) {
      return value == null ? "" : value;
    }
  }
}
