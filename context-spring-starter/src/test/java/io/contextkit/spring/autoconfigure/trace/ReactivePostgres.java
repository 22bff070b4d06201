package io.contextkit.spring.autoconfigure.trace;

import io.contextkit.spring.autoconfigure.trace.reactive.ReactiveTraceTestApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The reactive TRACE ITs' database: its own database {@code reactive} on the JVM's embedded
 * PostgreSQL server, which the application reaches over TCP with r2dbc-postgresql and the tests
 * read over plain JDBC, on connections of their own.
 */
final class ReactivePostgres {

  static final String DATABASE = "reactive";

  private static String url;

  private ReactivePostgres() {}

  static synchronized String jdbcUrl() {
    if (url != null) {
      return url;
    }
    EmbeddedPostgres server = EmbeddedPostgresSupport.server();
    {
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
          if (!rs.next()) {
            s.execute("CREATE DATABASE " + DATABASE);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    String jdbc = server.getJdbcUrl("postgres", DATABASE);
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
        Statement s = c.createStatement()) {
      for (String ddl : ReactiveTraceTestApplication.SCHEMA) {
        s.execute(ddl);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    url = jdbc;
    return url;
  }

  /** The R2DBC URL, the JDBC-excluding auto-configuration list and the pool size. */
  static void properties(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.r2dbc.url",
        () ->
            "r2dbc:postgresql://localhost:"
                + EmbeddedPostgresSupport.server().getPort()
                + "/"
                + DATABASE);
    registry.add("spring.r2dbc.username", () -> "postgres");
    registry.add("spring.r2dbc.password", () -> "");
    registry.add("spring.r2dbc.pool.initial-size", () -> "2");
    registry.add("spring.r2dbc.pool.max-size", () -> "4");
    // The servlet ITs' JDBC and JPA auto-configurations stay off: one (reactive) transaction
    // manager, as in a WebFlux + R2DBC application.
    registry.add(
        "spring.autoconfigure.exclude",
        () ->
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration,"
                + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");
  }

  /** Committed rows of one table and their checksum, read on a connection of its own. */
  record Rows(long count, String checksum) {}

  static Rows rows(String table) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ResultSetMetaData md = rs.getMetaData();
      long n = 0;
      while (rs.next()) {
        n++;
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(rs.getString(i)).append('|');
        }
        digest.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      }
      return new Rows(n, HexFormat.of().formatHex(digest.digest()));
    } catch (SQLException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
