package io.contextkit.samples.demo.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a table of a service's H2 file database while the service runs: both open the file with
 * {@code AUTO_SERVER=TRUE}, so the service serves it and the demo connects as a client.
 */
public final class H2Tables {

  /** The user both services are started with. */
  public static final String USER = "sa";

  private H2Tables() {}

  /** The JDBC URL of the file database {@code name} in {@code directory}. */
  public static String url(java.nio.file.Path directory, String name) {
    return "jdbc:h2:file:" + directory.resolve(name).toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  /**
   * Every row of {@code table} ordered by its first column, each row a column-name (lower case) to
   * value map in column order; empty when the table does not exist yet.
   */
  public static List<Map<String, Object>> rows(String url, String table) throws SQLException {
    // The table name comes from the demo's own code, never from input.
    String sql = "SELECT * FROM " + table + " ORDER BY 1";
    try (Connection connection = DriverManager.getConnection(url, USER, "");
        Statement statement = connection.createStatement()) {
      if (!exists(connection, table)) {
        return List.of();
      }
      try (ResultSet result = statement.executeQuery(sql)) {
        ResultSetMetaData meta = result.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int column = 1; column <= meta.getColumnCount(); column++) {
            Object value = result.getObject(column);
            row.put(
                meta.getColumnLabel(column).toLowerCase(Locale.ROOT),
                value == null ? "NULL" : value);
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  private static boolean exists(Connection connection, String table) throws SQLException {
    try (ResultSet tables =
        connection.getMetaData().getTables(null, null, table.toUpperCase(Locale.ROOT), null)) {
      if (tables.next()) {
        return true;
      }
    }
    try (ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
      return tables.next();
    }
  }
}
