package io.contextkit.spring.autoconfigure.it;

import io.contextkit.ContextField;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.client.ContextKitClients;
import io.contextkit.spring.autoconfigure.client.ContextKitHttpClient;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/** A small real application: controllers, an @Async service, clients built every way. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({TestApplication.ContextController.class, TestApplication.AsyncService.class})
class TestApplication {

  static final Logger LOG = LoggerFactory.getLogger(TestApplication.class);

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}pw").authorities("USER").build(),
        User.withUsername("tracer").password("{noop}pw").authorities("CONTEXTKIT_TRACE").build(),
        // Granted as a role, as most applications store it: ROLE_CONTEXTKIT_TRACE.
        User.withUsername("roletracer").password("{noop}pw").roles("CONTEXTKIT_TRACE").build());
  }

  /** spring-boot#42502: a client created with new, declared as a bean. */
  @Bean
  RestTemplate plainRestTemplate() {
    return new RestTemplate();
  }

  @Bean
  RestClient createdRestClient() {
    return RestClient.create();
  }

  /** A WebClient created with its static factory, declared as a bean. */
  @Bean
  WebClient createdWebClient() {
    return WebClient.create();
  }

  /** spring-boot#33912: a builder the application declares itself. */
  @Bean
  RestTemplateBuilder restTemplateBuilder() {
    return new RestTemplateBuilder();
  }

  static Map<String, Object> snapshot() {
    RequestContext c = RequestContext.current();
    Map<String, Object> m = new LinkedHashMap<>();
    for (ContextField field : ContextField.values()) {
      String value = c.get(field);
      m.put(field.key(), value == null ? "" : value);
    }
    m.put("mdc_request_id", String.valueOf(MDC.get("request_id")));
    m.put("thread", Thread.currentThread().getName());
    return m;
  }

  @Service
  static class AsyncService {
    @Async
    public CompletableFuture<Map<String, Object>> context() {
      LOG.info("in async");
      return CompletableFuture.completedFuture(snapshot());
    }
  }

  @RestController
  static class ContextController {

    private final AsyncService async;
    private final RestTemplate plainRestTemplate;
    private final RestClient createdRestClient;
    private final RestClient.Builder bootRestClientBuilder;
    private final RestTemplateBuilder restTemplateBuilder;
    private final WebClient.Builder bootWebClientBuilder;
    private final WebClient createdWebClient;
    private final ContextPropagator propagator;
    private final WebServerApplicationContext context;

    ContextController(
        AsyncService async,
        @Qualifier("plainRestTemplate") RestTemplate plainRestTemplate,
        @Qualifier("createdRestClient") RestClient createdRestClient,
        RestClient.Builder bootRestClientBuilder,
        RestTemplateBuilder restTemplateBuilder,
        WebClient.Builder bootWebClientBuilder,
        @Qualifier("createdWebClient") WebClient createdWebClient,
        ContextPropagator propagator,
        @Lazy WebServerApplicationContext context) {
      this.async = async;
      this.plainRestTemplate = plainRestTemplate;
      this.createdRestClient = createdRestClient;
      this.bootRestClientBuilder = bootRestClientBuilder;
      this.restTemplateBuilder = restTemplateBuilder;
      this.bootWebClientBuilder = bootWebClientBuilder;
      this.createdWebClient = createdWebClient;
      this.propagator = propagator;
      this.context = context;
    }

    @GetMapping("/ctx")
    Map<String, Object> ctx() {
      LOG.info("serving ctx");
      return snapshot();
    }

    @GetMapping("/async")
    Map<String, Object> async() throws Exception {
      LOG.info("before async");
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("caller", snapshot());
      result.put("async", async.context().get());
      return result;
    }

    @GetMapping("/echo")
    Map<String, Object> echo(HttpServletRequest request) {
      LOG.info("echo");
      Map<String, Object> m = new LinkedHashMap<>();
      for (String name :
          new String[] {
            "traceparent", "tracestate", "baggage", "x-request-id", "contextkit-signature"
          }) {
        String value = request.getHeader(name);
        m.put(name, value == null ? "" : value);
      }
      m.put("context", snapshot());
      return m;
    }

    @GetMapping("/boom")
    String boom() {
      LOG.info("about to fail");
      throw new IllegalStateException("boom");
    }

    @GetMapping("/out/{kind}")
    Map<String, Object> out(@PathVariable String kind) throws IOException, InterruptedException {
      LOG.info("calling out");
      String url = "http://localhost:" + context.getWebServer().getPort() + "/echo";
      Map<String, Object> echo;
      ParameterizedTypeReference<Map<String, Object>> type = new ParameterizedTypeReference<>() {};
      switch (kind) {
        case "rest-template-bean" ->
            echo =
                plainRestTemplate
                    .exchange(url, org.springframework.http.HttpMethod.GET, null, type)
                    .getBody();
        case "rest-client-create-bean" ->
            echo = createdRestClient.get().uri(url).retrieve().body(type);
        case "boot-rest-client-builder" ->
            echo = bootRestClientBuilder.build().get().uri(url).retrieve().body(type);
        case "user-rest-template-builder" ->
            echo =
                restTemplateBuilder
                    .build()
                    .exchange(url, org.springframework.http.HttpMethod.GET, null, type)
                    .getBody();
        case "new-rest-template-helper" ->
            echo =
                ContextKitClients.restTemplate(new RestTemplate(), propagator)
                    .exchange(url, org.springframework.http.HttpMethod.GET, null, type)
                    .getBody();
        case "unwrapped-new-rest-template" ->
            echo =
                new RestTemplate()
                    .exchange(url, org.springframework.http.HttpMethod.GET, null, type)
                    .getBody();
        case "boot-web-client-builder" ->
            echo = bootWebClientBuilder.build().get().uri(url).retrieve().bodyToMono(type).block();
        case "web-client-create-bean" ->
            echo = createdWebClient.get().uri(url).retrieve().bodyToMono(type).block();
        case "jdk" -> {
          HttpClient client = ContextKitHttpClient.wrap(HttpClient.newHttpClient(), propagator);
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
          @SuppressWarnings("unchecked")
          Map<String, Object> parsed =
              tools.jackson.databind.json.JsonMapper.builder()
                  .build()
                  .readValue(response.body(), Map.class);
          echo = parsed;
        }
        default -> throw new IllegalArgumentException(kind);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("caller", snapshot());
      result.put("echo", echo);
      return result;
    }
  }
}
