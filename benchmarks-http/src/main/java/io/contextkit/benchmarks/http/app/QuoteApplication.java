package io.contextkit.benchmarks.http.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the HTTP throughput benchmark starts, once per variant, each in its own JVM:
 * {@code --spring.profiles.active=plain|contextkit|micrometer} selects the variant's properties;
 * the class path selects its libraries (see the module's pom).
 */
@SpringBootApplication
public class QuoteApplication {

  /** Starts the application; arguments are Spring Boot's ({@code --server.port=...}). */
  public static void main(String[] args) {
    SpringApplication.run(QuoteApplication.class, args);
  }
}
