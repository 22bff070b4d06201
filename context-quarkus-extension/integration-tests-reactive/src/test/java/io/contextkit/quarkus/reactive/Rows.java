package io.contextkit.quarkus.reactive;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the database on a JDBC connection of its own, outside the application's pool and guards.
 */
final class Rows {

  private Rows() {}

  /** How many committed rows of {@code table} have {@code column} equal to {@code value}. */
  static int count(String table, String column, String value) {
    String url = System.getProperty(EmbeddedPostgresResource.JDBC_URL);
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        PreparedStatement q =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + column + " = ?")) {
      q.setString(1, value);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int fruits(String name) {
    return count("fruit", "name", name);
  }

  static int vegetables(String name) {
    return count("vegetable", "name", name);
  }

  static int notes(String text) {
    return count("note", "text", text);
  }

  /** Whether a table exists (committed DDL). */
  static boolean tableExists(String table) {
    return count("information_schema.tables", "table_name", table) > 0;
  }
}
