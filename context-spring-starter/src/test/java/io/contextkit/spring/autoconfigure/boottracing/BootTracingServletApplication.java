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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A servlet application (Tomcat) whose tracing is Boot's own auto-configuration: its one endpoint
 * logs a line and calls the recording destination, as internal host and as third party, with a
 * {@code RestClient} from Boot's builder. HTTP Basic is accepted (alice; tess, who holds the TRACE
 * permission), not required.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BootTracingServletApplication.RelayController.class)
class BootTracingServletApplication {

  static final Logger LOG = LoggerFactory.getLogger(BootTracingServletApplication.class);

  @Bean
  SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
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

    private final RestClient client;
    private final int destinationPort;

    RelayController(
        RestClient.Builder bootBuilder, @Value("${test.destination-port}") int destinationPort) {
      this.client = bootBuilder.build();
      this.destinationPort = destinationPort;
    }

    @GetMapping("/relay")
    Map<String, String> relay() {
      LOG.info("relaying");
      client
          .get()
          .uri("http://localhost:" + destinationPort + "/internal")
          .retrieve()
          .toBodilessEntity();
      client
          .get()
          .uri("http://127.0.0.1:" + destinationPort + "/third-party")
          .retrieve()
          .toBodilessEntity();
      return BootTracingCalls.snapshot(RequestContext.current());
    }
  }
}
